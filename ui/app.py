"""The Gradio page: a streaming, citing chat beside the source it cites, plus a JSON API.

Endpoints (callable with `gradio_client`): `/chat` (the page's chat), `/ask`, `/lookup` and
`/find_quote` (JSON in, JSON out; errors come back as a Gradio error with the message).
With uploads on (`ASSISTANT_UPLOADS`, the default) the page also adds and removes documents;
the heading, placeholders, example questions and source picker follow what is indexed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import gradio as gr
from gradio.events import api as expose

from assistant import Assistant
from ui import uploads
from ui.handlers import Handlers, intro_html
from ui.script import JS_ON_LOAD

log = logging.getLogger(__name__)

# Chat text is our own escaped HTML (see ui.render), so markdown and LaTeX stay off.
_CHATBOT_OPTIONS = {"render_markdown": False, "sanitize_html": True, "latex_delimiters": []}


def build_app(assistant: Assistant, examples: Sequence[str] | None = None) -> gr.Blocks:
    """The whole page for `assistant`; launch it with `.launch()` or use `ui.serve`.

    `examples` replaces the example questions made from the indexed documents.
    """
    handlers = Handlers(assistant, examples)
    intro_now, chat_hint, input_hint, samples, picked_now, view_now = handlers.corpus()
    sources = assistant.sources
    can_upload = assistant.settings.uploads
    demo: gr.Blocks
    with gr.Blocks(title="Article assistant") as demo:
        intro = gr.HTML(intro_now, elem_id="intro")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, elem_id="chat-column"):
                chatbot = gr.Chatbot(label="Chat", height="62vh", elem_id="chat",
                                     group_consecutive_messages=False, show_label=False,
                                     placeholder=chat_hint["placeholder"],
                                     **_CHATBOT_OPTIONS)  # type: ignore[arg-type]
                question = gr.Textbox(show_label=False, elem_id="question", max_lines=4,
                                      placeholder=input_hint["placeholder"],
                                      submit_btn=True, autofocus=True)
                shown_examples = gr.Dataset(components=[question], samples=samples["samples"],
                                            label="Try", elem_id="examples")
            with gr.Column(scale=2, elem_id="source-column"):
                if can_upload:
                    # Any type is taken in, so that one not read is refused with why and
                    # what to do (`uploads.check`), not with the browser's "Invalid file type".
                    files = gr.File(file_count="multiple", elem_id="upload", height=150,
                                    label="Add documents: drop files here or click "
                                    f"({', '.join(uploads.accepted_suffixes())})")
                status = gr.HTML("", elem_id="doc-status", visible=can_upload)
                with gr.Row(equal_height=True):
                    picker = gr.Dropdown(choices=sources, value=picked_now["value"],
                                         label="Source", interactive=True, scale=4,
                                         visible=bool(sources), elem_id="source-picker")
                    remove = gr.Button("Remove", size="sm", variant="secondary", scale=1,
                                       min_width=80, visible=can_upload, elem_id="remove-doc")
                view = gr.HTML(value=view_now, js_on_load=JS_ON_LOAD,
                               elem_id="source-view", label="Source", padding=True)
        said = gr.State([])
        page = [intro, chatbot, question, shown_examples, picker, view]

        chat_io = {"fn": handlers.chat, "inputs": [question, chatbot, said],
                   "outputs": [chatbot, said], "show_progress": "hidden"}
        question.submit(**chat_io, api_name="chat")  # type: ignore[arg-type]
        # Registered after the chat event, so the chat has already read the question.
        question.submit(None, None, [question], js="() => ''", api_visibility="private")
        (shown_examples.click(lambda sample: sample[0], [shown_examples], [question],
                              api_visibility="private")  # type: ignore[arg-type]
         .then(**chat_io, api_visibility="private")  # type: ignore[arg-type]
         .then(None, None, [question], js="() => ''", api_visibility="private"))
        chatbot.clear(lambda: [], None, [said], api_visibility="private")  # type: ignore[arg-type]

        view.select(handlers.show_selected, None, [view, picker], api_visibility="private")
        picker.input(handlers.show_document, [picker], [view], api_visibility="private")
        demo.load(handlers.on_load, None, page, api_visibility="private")  # type: ignore[arg-type]
        if can_upload:
            files.upload(handlers.add_documents, [files], [status, files, *page],
                         show_progress="full", concurrency_limit=1,
                         api_visibility="private")  # type: ignore[arg-type]
            remove.click(handlers.remove_document, [picker], [status, files, *page],
                         show_progress="full", concurrency_limit=1,
                         api_visibility="private")  # type: ignore[arg-type]

        expose(handlers.api_ask, api_name="ask")
        expose(handlers.api_lookup, api_name="lookup")
        expose(handlers.api_find_quote, api_name="find_quote")
    return demo


__all__ = ["build_app", "intro_html"]
