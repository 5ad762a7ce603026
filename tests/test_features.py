"""Train and score share one featurisation path."""

from tone.features import CueCounts, SurfaceFeatures, WordNgrams
from tone.nlp import Annotated, Cue


def test_feature_names_match_the_width_of_what_scoring_produces(tiny_model):
    annotated = tiny_model.annotate(["You never listen", "thanks!!"])
    X = tiny_model.features(annotated)
    assert X.shape[1] == len(tiny_model.feature_names())


def test_feature_names_are_readable_not_hashed(tiny_model):
    names = set(tiny_model.feature_names())
    assert "words__you never" in names
    assert any(name.startswith("cues__cue=") for name in names)


def test_cue_counts_are_log_scaled_per_category():
    doc = Annotated("x", ("x",), (Cue(0, 1, "x", "INSULT"), Cue(2, 3, "y", "INSULT")))
    counts = CueCounts().fit([doc])
    assert counts.get_feature_names_out().tolist() == ["cue=INSULT"]
    assert round(counts.transform([doc])[0, 0], 3) == 1.693


def test_surface_features_see_who_the_message_is_about():
    you = Annotated("you never", ("you", "never"), ())
    me = Annotated("i need rest", ("i", "need", "rest"), ())
    features = SurfaceFeatures().fit([you, me]).transform([you, me]).toarray()
    assert features[0, 0] > features[1, 0] and features[1, 1] > features[0, 1]


def test_word_ngrams_include_bigrams():
    assert WordNgrams(2)(Annotated("", ("a", "b", "c"), ())) == ["a", "b", "c", "a b", "b c"]


def test_cached_char_ngrams_equal_scikit_learns_char_wb_tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from tone.features import CharNgrams
    from tone.nlp import annotate

    texts = [
        "You never listen",
        "ok",
        "I",
        "thank u sooo much!!",
        "a b",
        "never never NEVER",
        "🙄 ugh",
        "you never call",
    ]
    docs = list(annotate(texts, []))
    reference = TfidfVectorizer(
        analyzer="char_wb",
        preprocessor=lambda d: d.text.lower(),
        ngram_range=(2, 5),
        min_df=1,
        sublinear_tf=True,
    ).fit(docs)
    ours = CharNgrams(ngram_range=(2, 5), min_df=1).fit(docs)
    assert list(ours.get_feature_names_out()) == list(reference.get_feature_names_out())
    assert abs(ours.transform(docs) - reference.transform(docs)).max() < 1e-12


def test_char_ngrams_from_cached_slices_equal_nested_slicing():
    from tests.test_chunks import ADVERSARIAL
    from tone.features import CharNgrams

    def nested(word: str, low: int, high: int) -> list[str]:
        padded = f" {word} "
        grams: list[str] = []
        for n in range(low, high + 1):
            grams.extend(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
            if len(padded) <= n:
                break
        return grams

    words = {word for text in ADVERSARIAL for word in text.lower().split()} | {"", "a", "ab", "x" * 70}
    for low, high in [(2, 5), (1, 3), (3, 3), (2, 8)]:
        chars = CharNgrams(ngram_range=(low, high))
        for word in words:
            assert chars._grams(word) == nested(word, low, high), (word, low, high)
