"""tone as a spaCy pipeline component: ``nlp.add_pipe("tone")``.

>>> import spacy                                   # doctest: +SKIP
>>> nlp = spacy.blank("en")                        # doctest: +SKIP
>>> nlp.add_pipe("tone")                           # doctest: +SKIP
>>> doc = nlp("You never listen to me")            # doctest: +SKIP
>>> doc.cats["criticism"] > 0.5, doc._.tone        # doctest: +SKIP
(True, ('criticism',))

The factory is registered through the ``spacy_factories`` entry point, so spaCy finds it
once tone is installed. Scores go to ``doc.cats`` (spaCy's place for text categories), the
labels that pass their thresholds to ``doc._.tone`` and the cue spans to
``doc.spans["tone_cues"]``. The component scores the document's text with tone's own
tokenizer, so results match ``tone score`` exactly whatever pipeline it sits in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from tone.analyzer import Analyzer
from tone.results import ToneResult

SPANS_KEY = "tone_cues"

if not Doc.has_extension("tone"):
    Doc.set_extension("tone", default=())


class ToneComponent:
    """Sets ``doc.cats``, ``doc._.tone`` and ``doc.spans["tone_cues"]``."""

    def __init__(self, nlp: Language, name: str, model: str = ""):
        self.name = name
        self.analyzer = Analyzer(model or None)

    def __call__(self, doc: Doc) -> Doc:
        return self._apply(doc, self.analyzer.score(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._apply_batch(batch)
                batch = []
        yield from self._apply_batch(batch)

    def _apply_batch(self, docs: list[Doc]) -> Iterator[Doc]:
        results = self.analyzer.score_many([doc.text for doc in docs])
        for doc, result in zip(docs, results, strict=True):
            yield self._apply(doc, result)

    @staticmethod
    def _apply(doc: Doc, result: ToneResult) -> Doc:
        doc.cats.update(result.scores)
        doc._.tone = result.labels
        spans = [
            doc.char_span(c.start, c.end, label=c.category, alignment_mode="expand") for c in result.cues
        ]
        doc.spans[SPANS_KEY] = [span for span in spans if span is not None]
        return doc


@Language.factory("tone", default_config={"model": ""})
def make_tone(nlp: Language, name: str, model: str) -> ToneComponent:
    """spaCy factory: ``model`` is a tone model directory ("" = the shipped model)."""
    return ToneComponent(nlp, name, model)
