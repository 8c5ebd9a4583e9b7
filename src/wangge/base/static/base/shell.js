// Behaviour every page shares, kept out of the markup so the Content-Security-Policy
// can forbid inline scripts:
// * a <select data-autosubmit> submits its form when changed;
// * a form (or its submit button) with data-confirm="…" asks first (window.confirm);
// * the menu button opens the navigation drawer on a phone (Escape or a tap outside
//   closes it, focus goes back to the button);
// * a table not already inside a scrolling box is wrapped in one, so a wide table
//   scrolls on its own and never widens the page.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  document.addEventListener('change', function (event) {
    const el = event.target;
    if (el.matches && el.matches('select[data-autosubmit]') && el.form) el.form.submit();
  });

  // Irreversible or heavy actions: the button's question wins over the form's.
  document.addEventListener('submit', function (event) {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  function wrapTables() {
    document.querySelectorAll('main table').forEach(function (table) {
      const parent = table.parentElement;
      if (!parent || parent.closest('.scroll') || table.closest('.scroll')) return;
      const box = document.createElement('div');
      box.className = 'scroll';
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function drawer() {
    const button = document.getElementById('menu-button');
    const panel = document.getElementById('drawer');
    const scrim = document.getElementById('scrim');
    if (!button || !panel) return;
    function setOpen(open, refocus) {
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      panel.classList.toggle('open', open);
      document.body.classList.toggle('drawer-open', open);
      if (scrim) scrim.hidden = !open;
      if (open) {
        const first = panel.querySelector('a, button');
        if (first) first.focus();
      } else if (refocus) {
        button.focus();
      }
    }
    button.addEventListener('click', function () {
      setOpen(button.getAttribute('aria-expanded') !== 'true', false);
    });
    if (scrim) scrim.addEventListener('click', function () { setOpen(false, true); });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
        setOpen(false, true);
      }
    });
    // Back at a desktop width the drawer is the top bar again: forget it was open.
    window.matchMedia('(min-width: 721px)').addEventListener('change', function (m) {
      if (m.matches) setOpen(false, false);
    });
  }

  function start() {
    wrapTables();
    drawer();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
