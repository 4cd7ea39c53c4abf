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
footer { display: none !important; }  /* no framework footer: the page is the product */
#intro h2 { margin: 0 0 0.2em; font-size: 1.35em; }
#intro p { margin: 0; opacity: 0.8; font-size: 0.92em; }
.doc-view { max-height: 72vh; overflow: auto; padding: 0.25em 0.5em; }
.doc-head { font-size: 0.9em; margin-bottom: 0.6em; opacity: 0.85; }
.doc-text { white-space: pre-wrap; line-height: 1.55; }
#cite-hl { background: #ffd84d; color: #111; padding: 0 0.1em; border-radius: 2px;
           scroll-margin: 4em; }
a.cite-marker { font-weight: 600; text-decoration: none; cursor: pointer; }
a.cite-passage { cursor: pointer; }
.cite-list { list-style: none; padding: 0.45em 0 0; margin: 0.5em 0 0;
             border-top: 1px solid rgba(127, 127, 127, 0.25); font-size: 0.86em; }
.cite-list li { margin-bottom: 0.25em; line-height: 1.35; }
.cite-num { font-weight: 600; }
.cite-where { opacity: 0.7; margin-right: 0.3em; }
.ask-error { color: #b42318; font-weight: 500; }
.ask-notice, .ask-read-as { opacity: 0.75; }
.ask-hedge { display: inline-block; opacity: 0.75; font-style: italic; margin-bottom: 0.2em; }
.ask-answerer { display: block; margin-top: 0.35em; opacity: 0.6; font-size: 0.8em; }
.ask-working { opacity: 0.75; font-style: italic; }
.ask-dots i { display: inline-block; width: 0.4em; height: 0.4em; margin-right: 0.15em;
              border-radius: 50%; background: currentColor; animation: ask-blink 1.2s infinite; }
.ask-dots i:nth-child(2) { animation-delay: 0.2s; }
.ask-dots i:nth-child(3) { animation-delay: 0.4s; }
@keyframes ask-blink { 0%, 80%, 100% { opacity: 0.2; } 40% { opacity: 1; } }
#remove-doc { align-self: flex-end; max-height: 2.6em; }
/* The upload's floating label sits over the top of its drop area: the area starts below it. */
#upload .upload-container { padding-top: 1.8em; }
.doc-status { list-style: none; padding: 0; margin: 0; font-size: 0.88em; }
.doc-refused { color: #b42318; }
@media (max-width: 640px) {
  /* A phone shows the heading, the chat and the input on its first screen. */
  #intro p { display: none; }
  #chat { height: 60vh !important; max-height: 60vh !important; }
  .doc-view { max-height: 60vh; }
}
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
