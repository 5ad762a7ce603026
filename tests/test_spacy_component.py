"""tone inside a spaCy pipeline gives the same answers as tone score."""

import spacy

import tone.spacy_component  # noqa: F401 - registers the factory (installed copies use the entry point)
from tone.api import Analyzer


def test_component_sets_cats_labels_and_cue_spans(tiny_model_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("tone", config={"model": str(tiny_model_dir)})
    text = "You never call back when you say you will."
    doc = nlp(text)
    expected = Analyzer(tiny_model_dir).score(text)
    assert doc.cats == expected.scores
    assert doc._.tone == expected.labels
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["tone_cues"]] == [
        (c.start, c.end, c.category) for c in expected.cues
    ]


def test_pipe_batches_give_the_same_results_as_one_by_one(tiny_model_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("tone", config={"model": str(tiny_model_dir)})
    texts = ["thanks so much!!", "you're a clown", "can you call me later?"]
    assert [d.cats for d in nlp.pipe(texts, batch_size=2)] == [nlp(t).cats for t in texts]
