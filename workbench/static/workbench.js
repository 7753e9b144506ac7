// preaudit 审核工作台: click a crop to see it large, click again (or Esc) to close. No other script.
document.addEventListener("DOMContentLoaded", function () {
  var zoom = document.getElementById("zoom");
  if (!zoom) { return; }
  var big = zoom.querySelector("img");
  document.querySelectorAll("img.crop").forEach(function (img) {
    img.addEventListener("click", function () { big.src = img.src; zoom.hidden = false; });
  });
  zoom.addEventListener("click", function () { zoom.hidden = true; big.removeAttribute("src"); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { zoom.hidden = true; } });
});
