// Small page behaviours wired by data attributes, so that no template needs an inline
// script or an on…="" handler (Content-Security-Policy: scripts from our static files only).
//   <select data-autosubmit>               submits its form when changed
//   <button data-print>                    prints the page
//   <input type=checkbox data-check-all=".sel">   (un)checks every box matching the selector
//   <button data-fill-empty=".hours" data-value="2">   fills the empty inputs matching the selector
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-print], [data-check-all], [data-fill-empty]") : null;
    if (!el) return;
    if (el.hasAttribute("data-print")) {
      window.print();
    } else if (el.hasAttribute("data-check-all")) {
      document.querySelectorAll(el.getAttribute("data-check-all")).forEach(function (c) { c.checked = el.checked; });
    } else {
      document.querySelectorAll(el.getAttribute("data-fill-empty")).forEach(function (i) {
        if (!i.value) i.value = el.getAttribute("data-value");
      });
    }
  });
})();
