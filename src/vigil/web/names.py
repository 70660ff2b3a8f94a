"""Typed search words to the cross-script keys stored on source records (`vigil.names`)."""

from __future__ import annotations

from vigil.names import parse_name, split_patronymic, split_titles, word_key
from vigil.normalize.text import words

MAX_WORDS = 6


def query_keys(text: str) -> list[str]:
    """One key per name word typed (titles dropped), in order, without repeats.

    `word_key` gives Mohammad, Muhammad and محمد the same key, so each word finds the
    records whose given, family or father name has that key in either script. The words
    are read as the importer reads a name field: a patronymic marker (``فرزند``, ``son
    of``) is not a word to find, the father's name after it is; a word typed glued
    (``محمدحسینی``) is cut as `parse_name` cuts it, so it finds محمد حسینی.
    """
    pat = split_patronymic(text)
    typed = f"{pat.name} {pat.father}" if pat.father else text
    tokens = words(typed)[: MAX_WORDS * 2]
    _, kept = split_titles(tokens) if tokens else ([], [])
    keys: list[str] = []
    for token in kept[:MAX_WORDS]:
        parsed = parse_name(token)
        parts = [parsed.given, parsed.family] if parsed.order == "glued" else [token]
        for part in parts:
            key = word_key(part)
            if key and key not in keys:
                keys.append(key)
    return keys
