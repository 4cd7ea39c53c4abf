"""The Gradio page: a streaming, citing chat beside the source it cites, plus a JSON API.

Endpoints (callable with `gradio_client`): `/chat` (the page's chat), `/ask`, `/lookup` and
`/find_quote` (JSON in, JSON out; errors come back as a Gradio error with the message).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import gradio as gr
from gradio.events import api as expose

from assistant import Assistant
from ui.handlers import Handlers
from ui.script import JS_ON_LOAD

log = logging.getLogger(__name__)

EXAMPLES = (
    "When was the US Defense Secretary in Cambodia?",
    "What did Hun Sen say?",
    "What does Cambodia need?",
    'Does the article say "Cambodia is a developing country"?',
)
INTRO = ("### Ask the article\nEvery answer quotes the sentences it rests on. Click a "
         "**[n]** marker or a listed passage to see it highlighted in the source; put a phrase "
         'in quotation marks (*Does the article say "…"?*) to find where it is said.')
# Chat text is our own escaped HTML (see ui.render), so markdown and LaTeX stay off.
_CHATBOT_OPTIONS = {"render_markdown": False, "sanitize_html": True, "latex_delimiters": []}


def build_app(assistant: Assistant, examples: Sequence[str] = EXAMPLES) -> gr.Blocks:
    """The whole page for `assistant`; launch it with `.launch()` or use `ui.serve`."""
    handlers = Handlers(assistant)
    sources = assistant.sources
    demo: gr.Blocks
    with gr.Blocks(title="Article assistant") as demo:
        gr.Markdown(INTRO)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=560, elem_id="chat",
                                     group_consecutive_messages=False,
                                     placeholder="Ask a question about the article.",
                                     **_CHATBOT_OPTIONS)  # type: ignore[arg-type]
                question = gr.Textbox(show_label=False, elem_id="question", max_lines=4,
                                      placeholder="Ask about the article… (Enter to send)",
                                      submit_btn=True, autofocus=True)
                picked = gr.Examples(examples=[[e] for e in examples], inputs=[question],
                                     label="Try")
            with gr.Column(scale=2):
                picker = gr.Dropdown(choices=sources, value=sources[0] if sources else None,
                                     label="Source", interactive=True,
                                     visible=len(sources) > 1, elem_id="source-picker")
                view = gr.HTML(value=handlers.document_view(None), js_on_load=JS_ON_LOAD,
                               elem_id="source-view", label="Source", padding=True)
        said = gr.State([])

        chat_io = {"fn": handlers.chat, "inputs": [question, chatbot, said],
                   "outputs": [chatbot, said], "show_progress": "minimal"}
        question.submit(**chat_io, api_name="chat")  # type: ignore[arg-type]
        # Registered after the chat event, so the chat has already read the question.
        question.submit(None, None, [question], js="() => ''", api_visibility="private")
        (picked.load_input_event
         .then(**chat_io, api_visibility="private")  # type: ignore[arg-type]
         .then(None, None, [question], js="() => ''", api_visibility="private"))
        chatbot.clear(lambda: [], None, [said], api_visibility="private")

        view.select(handlers.show_selected, None, [view, picker], api_visibility="private")
        picker.input(handlers.show_document, [picker], [view], api_visibility="private")
        demo.load(handlers.on_load, None, [view, picker], api_visibility="private")

        expose(handlers.api_ask, api_name="ask")
        expose(handlers.api_lookup, api_name="lookup")
        expose(handlers.api_find_quote, api_name="find_quote")
    return demo
