// Polls a background job's status until it finishes (page can be left and revisited).
// <section id="job" data-url="…?format=json" [data-finished="1"]>: when the job is done
// the page reloads, and renders the result and the 重试 button itself.
(function () {
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  function tick() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        document.getElementById("job-status").textContent = d.status_display;
        document.getElementById("job-progress").value = d.progress;
        document.getElementById("job-pct").textContent = d.progress + "%";
        document.getElementById("job-message").textContent = d.message || "";
        if (d.finished) {
          location.reload();
        } else {
          setTimeout(tick, 1500);
        }
      });
  }
  tick();
})();
