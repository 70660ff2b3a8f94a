"""Typed search words to the cross-script keys stored on source records (`vigil.names`)."""

from __future__ import annotations

from vigil.names import split_titles, word_key
from vigil.normalize.text import words

MAX_WORDS = 6


def query_keys(text: str) -> list[str]:
    """One key per name word typed (titles dropped), in order, without repeats.

    `word_key` gives Mohammad, Muhammad and محمد the same key, so each word finds the
    records whose given, family or father name has that key in either script.
    """
    tokens = words(text)[: MAX_WORDS * 2]
    _, kept = split_titles(tokens) if tokens else ([], [])
    keys: list[str] = []
    for token in kept[:MAX_WORDS]:
        key = word_key(token)
        if key and key not in keys:
            keys.append(key)
    return keys
