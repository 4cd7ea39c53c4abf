"""The public surface: `__all__` is complete and every error belongs to one tree."""

import inspect

import assistant
import index
from assistant import AssistantError


def test_all_is_complete_and_importable() -> None:
    for module in (assistant, index):
        public = {n for n, v in vars(module).items()
                  if not n.startswith("_") and (inspect.isclass(v) or inspect.isfunction(v))}
        assert public <= set(module.__all__), public - set(module.__all__)
        for name in module.__all__:
            assert hasattr(module, name)


def test_every_error_is_an_assistant_error() -> None:
    errors = [v for v in vars(assistant).values()
              if inspect.isclass(v) and issubclass(v, Exception)]
    assert len(errors) >= 6
    assert all(issubclass(e, AssistantError) for e in errors)
