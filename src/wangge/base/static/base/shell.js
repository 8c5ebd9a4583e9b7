// Behaviour every page shares, kept out of the markup so the Content-Security-Policy
// can forbid inline scripts: a <select data-autosubmit> submits its form when changed.
document.addEventListener('change', function (event) {
  const el = event.target;
  if (el.matches && el.matches('select[data-autosubmit]') && el.form) el.form.submit();
});
