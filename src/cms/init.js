// Starts Decap CMS after filling in the Vietnamese phrases its own "vi" locale lacks
// (it falls back to English for them), so editors see Vietnamese everywhere.
window.CMS_MANUAL_INIT = true;
window.addEventListener("DOMContentLoaded", function () {
  var cms = window.CMS;
  if (!cms) return;
  var vi = (cms.getLocale && cms.getLocale("vi")) || {};
  vi.editor = vi.editor || {};
  var widgets = (vi.editor.editorWidgets = vi.editor.editorWidgets || {});
  widgets.list = Object.assign({ add: "Thêm %{item}", addType: "Thêm %{item}" }, widgets.list || {});
  cms.registerLocale("vi", vi);
  cms.init();
});
