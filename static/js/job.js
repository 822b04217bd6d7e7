// Polls a background job's status until it finishes (page can be left and revisited).
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
          location.reload(); // the page shows the result and the 重试 button
        } else {
          setTimeout(tick, 1500);
        }
      });
  }
  tick();
})();
