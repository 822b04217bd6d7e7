// django-celery-beat's periodic task form: shows the chosen crontab in words under the
// crontab field (the package's inline script, served as a static file for the CSP).
(function () {
  "use strict";
  var data = document.getElementById("readable-crontabs");
  var select = document.getElementById("id_crontab");
  var help = document.querySelector(".field-crontab .help");
  if (!data || !select || !help) return;
  var readable = JSON.parse(data.textContent);
  var original = help.textContent;
  document.querySelectorAll(".field-crontab_translation").forEach(function (el) { el.style.display = "none"; });
  select.addEventListener("change", function () {
    help.textContent = original;
    var words = readable[select.value];
    if (words) {
      help.appendChild(document.createElement("br"));
      help.appendChild(document.createTextNode(words));
    }
  });
})();
