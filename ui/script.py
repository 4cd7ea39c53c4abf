"""The page's only script and style, run by the source view's `js_on_load`.

Living in the component (not in `launch(js=...)`) keeps `build_app` self-contained: whoever
launches the Blocks gets clickable citations. The script
- turns a click on any `?cite=` link (an `[n]` marker or a listed passage) into a `select`
  event of the source view carrying the reference, instead of a page load, and puts that
  permalink in the address bar;
- scrolls the highlighted span into view whenever the view changes.
"""

from __future__ import annotations

import json

CSS = """
.doc-view { max-height: 72vh; overflow: auto; padding: 0.25em 0.5em; }
.doc-head { font-size: 0.9em; margin-bottom: 0.6em; opacity: 0.85; }
.doc-text { white-space: pre-wrap; line-height: 1.55; }
#cite-hl { background: #ffd84d; color: #111; padding: 0 0.1em; border-radius: 2px;
           scroll-margin: 4em; }
a.cite-marker { font-weight: 600; text-decoration: none; cursor: pointer; }
a.cite-passage { cursor: pointer; }
.cite-list { padding-left: 1.2em; margin: 0; }
.cite-list li { margin-bottom: 0.4em; }
.ask-error { color: #b42318; font-weight: 500; }
.ask-notice, .ask-read-as { opacity: 0.75; }
"""

_JS = """
if (!document.getElementById('ask-ui-style')) {
  const style = document.createElement('style');
  style.id = 'ask-ui-style';
  style.textContent = __CSS__;
  document.head.appendChild(style);
}
const showHighlight = () => {
  // After the template re-renders: scroll the <mark> (if any) to the middle of the view.
  requestAnimationFrame(() => {
    const mark = element.querySelector('#cite-hl');
    if (mark) mark.scrollIntoView({block: 'center', inline: 'nearest'});
  });
};
window.__askCite = (ref) => trigger('select', {index: 0, value: ref, selected: true});
watch('value', showHighlight);
showHighlight();
if (!window.__askCiteClicks) {
  window.__askCiteClicks = true;
  document.addEventListener('click', (event) => {
    const target = event.target;
    const link = target instanceof Element ? target.closest('a[href*="cite="]') : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    const ref = new URL(link.getAttribute('href'), window.location.href).searchParams.get('cite');
    if (!ref) return;
    event.preventDefault();
    event.stopPropagation();
    // The address bar becomes the permalink of what is shown, ready to share.
    const here = new URL(window.location.href);
    here.searchParams.set('cite', ref);
    window.history.replaceState(window.history.state, '', here);
    window.__askCite(ref);
  }, true);
}
"""

JS_ON_LOAD = _JS.replace("__CSS__", json.dumps(CSS))
