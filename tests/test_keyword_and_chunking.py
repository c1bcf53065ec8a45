"""Pure logic: keyword index, chunking and sentence splitting (no model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.index.glossary import with_french_terms
from assistant.index.keyword import KeywordIndex, fold, tokens
from assistant.ingest.chunking import chunk_units, split_sentences
from assistant.ingest.report import Report, Unit


def test_fold_and_tokens_fold_accents_stem_and_drop_function_words() -> None:
    assert fold("Opération ÉTATS") == "operation etats"
    assert tokens("Les magistrats de liaison") == tokens("magistrat liaison")
    assert tokens("l’opération") == tokens("operation")
    assert tokens("What is the") == []


def test_bm25_ranks_the_document_with_rare_query_terms_first() -> None:
    index = KeywordIndex(
        [
            "Le trafic de migrants et la coopération",
            "L’opération Turquesa au Brésil",
            "La coopération judiciaire",
        ]
    )
    scores = index.scores("opération turquesa")
    assert scores.index(max(scores)) == 1
    assert index.scores("boulangerie") == [0.0, 0.0, 0.0]


def test_typos_resolve_to_the_closest_indexed_term() -> None:
    index = KeywordIndex(["L’opération Turquesa", "les magistrats de liaison"])
    assert index.resolve("turqesa") == tokens("Turquesa")
    assert index.resolve("magistrtas") == tokens("magistrats")
    assert index.coverage("turqesa boulangerie") == 0.5


def _unit(ref: str, text: str) -> Unit:
    return Unit("doc", ref, "I. Intro", text)


def test_short_units_stay_whole_and_long_ones_split_on_sentences() -> None:
    long_text = " ".join(f"Phrase numéro {i} sur le trafic de migrants." for i in range(40))
    units = [_unit("1", "Un paragraphe court."), _unit("R2", long_text)]
    chunks = chunk_units(units, length=lambda t: len(t.split()), max_length=60)
    assert [c.unit.ref for c in chunks if c.unit.ref == "1"] == ["1"]
    pieces = [c for c in chunks if c.unit.ref == "R2"]
    assert len(pieces) > 1
    assert [c.piece for c in pieces] == list(range(len(pieces)))
    for piece in pieces:
        assert piece.text in long_text  # the report's own words
        assert piece.text.endswith(".")  # cut at a sentence boundary
        assert len(piece.embed_text.split()) <= 60
    assert " ".join(p.text for p in pieces) == long_text


def test_embedded_text_carries_label_and_section_but_quoted_text_does_not() -> None:
    [chunk] = chunk_units([_unit("R7", "Texte.")], length=len, max_length=1000)
    assert chunk.embed_text == "Recommandation 7. I. Intro. Texte."
    assert chunk.text == "Texte."


def test_sentences_do_not_split_after_initials_or_agenda_numbers(report: Report) -> None:
    sentences = split_sentences(report.unit("16").text)
    assert sentences[0].startswith("M. Brito De Barros, exposant")
    assert len(sentences) == 4
    assert "".join(sentences).replace(" ", "") == report.unit("16").text.replace(" ", "")
    assert any(s.startswith("5. Adoption du rapport") for s in split_sentences(report.unit("30").text))


def test_english_country_names_and_procedural_terms_get_their_french() -> None:
    assert with_french_terms("Was Japan represented?") == "Was Japan represented? Japon"
    assert with_french_terms("Holy See participation").endswith("Saint-Siège")
    assert with_french_terms("Did the United States speak?").endswith("États-Unis")
    assert with_french_terms("Le Japon était-il là ?") == "Le Japon était-il là ?"
    assert with_french_terms("role des magistrats de liaison") == "role des magistrats de liaison"
    assert with_french_terms("When was agenda item 4 taken up?").endswith("point de l’ordre du jour")
    assert with_french_terms("vice-chair").endswith("vice-président")  # not "chair" inside it
    assert with_french_terms("Who chaired the working group?").endswith("président groupe de travail")


def test_a_keyword_index_saved_in_another_format_is_replaced(tmp_path: Path) -> None:
    import marshal

    from assistant.index.keyword import KEYWORD_FORMAT

    docs = ["Les États parties étaient représentés.", "Le point 2 de l’ordre du jour."]
    folder = tmp_path / "keyword"
    KeywordIndex(docs).save(folder)
    meta = marshal.loads((folder / "terms.marshal").read_bytes())
    (folder / "terms.marshal").write_bytes(marshal.dumps(["2", *meta[1:]]))  # an older format
    assert KeywordIndex.load(folder, len(docs)) is None
    rebuilt = KeywordIndex.cached(docs, folder)
    assert marshal.loads((folder / "terms.marshal").read_bytes())[0] == KEYWORD_FORMAT
    assert np.allclose(KeywordIndex.cached(docs, folder).score_terms(["etat"]), rebuilt.score_terms(["etat"]))
