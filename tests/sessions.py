"""Solara pages rendered in several sessions at once, without a browser.

A :class:`Session` is what one browser tab gets on a Solara server: a kernel
context of its own. Rendering the same page in two sessions and acting in one
shows whether anything leaks into the other (Solara's module-level reactive
variables are shared by every session; our pages keep per-tab state in
``use_state`` instead).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from patience import patience

#: Solara's kernel contexts ask asyncio for the main thread's event loop,
#: which Python 3.12+ warns about outside a running server; not ours to fix.
NO_LOOP = pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")


class Session:
    """One browser session: render pages in it, click, type, choose, read."""

    def __init__(self, name: str) -> None:
        from solara.server import kernel, kernel_context

        self.context = kernel_context.VirtualKernelContext(
            id=name, kernel=kernel.Kernel(), session_id=name
        )
        self.rendered: list[Any] = []
        self.box: Any = None
        self.rc: Any = None

    def render(self, element: Any) -> Session:
        import solara

        with self.context:
            self.box, self.rc = solara.render(element, handle_error=False)
        self.rendered.append(self.rc)
        return self

    def find(self, kind: type, **matches: Any) -> Any:
        """The one widget of ``kind`` with ``matches``, once the page shows it
        (a browser test waits the same way): a control that comes from the
        room (an incident's undo, a submission) appears in a redraw made by
        the page's watcher in its own thread, maybe after the click's render."""
        self.settle()
        with self.context:
            return self.rc.find(kind, **matches).wait_for(timeout=patience(10)).widget

    def click(self, label: str) -> None:
        import ipyvuetify as v

        button = self.find(v.Btn, children=[label])
        with self.context:
            button.click()

    def type(self, label: str, text: str, area: bool = False) -> None:
        """Type ``text`` into the field ``label`` (``area``: a text area, such as the memo)."""
        import ipyvuetify as v

        field = self.find(v.Textarea if area else v.TextField, label=label)
        with self.context:
            field.v_model = text

    def choose(self, label: str, value: str) -> None:
        import ipyvuetify as v

        select = self.find(v.Select, label=label)
        with self.context:
            select.v_model = value

    def settle(self) -> None:
        """Wait until no render of the page is under way (before a click or a
        read: what to click may be in that render). A page's watcher
        wakes the moment the room changes (a click of this very page changes
        it too) and renders in its own thread; a click that finds that render
        under way leaves its own redraw to it, so the page shows the click's
        result only when that render is done (in a browser, a moment later)."""
        end = time.monotonic() + patience(10)
        while self.rc is not None and time.monotonic() < end:
            if not (self.rc.thread_lock.locked() or self.rc._rerender_needed):
                return
            time.sleep(0.005)

    def text(self) -> str:
        """Every piece of text the rendered page shows (labels and values too),
        once any render under way is done."""
        self.settle()
        out, stack = [], [self.box]
        while stack:
            w = stack.pop()
            for name in ("unsafe_innerHTML", "v_model", "label"):
                value = getattr(w, name, None)
                if isinstance(value, str):
                    out.append(value)
            for child in reversed(list(getattr(w, "children", None) or [])):
                (out.append(child) if isinstance(child, str) else stack.append(child))
        return "\n".join(out)

    def close(self) -> None:
        """Unmount what was rendered (which stops the pages' threads)."""
        for rc in self.rendered:
            with self.context:
                rc.close()
