// Drag and drop onto the upload area, and a busy button while the server works.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var form = document.getElementById("upload");
  if (drop && input && form) {
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        form.submit();
      }
    });
  }
  // PDF conversion under way: follow its progress, then show the PDFs.
  var progress = document.getElementById("pdf-progress");
  if (progress) {
    var count = document.getElementById("pdf-count");
    var poll = function () {
      fetch(progress.dataset.status, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          progress.max = Math.max(s.queued, 1);
          progress.value = s.finished;
          if (count) { count.textContent = s.finished + "/" + s.queued; }
          if (s.done) { window.location.reload(); } else { setTimeout(poll, 700); }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 700);
  }
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function () {
      var button = f.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "Đang xử lý…"; }
    });
  });
});
