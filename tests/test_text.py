from tone.io.chats._common import clean_body
from tone.text import normalise


def test_normalise_keeps_every_offset():
    text = "You’re\u202flate \u200e“again” – ugh"
    assert len(normalise(text)) == len(text)


def test_normalise_straightens_quotes_so_contractions_tokenize_alike():
    assert normalise("you’re") == "you're"


def test_clean_body_keeps_zwj_emoji_and_accents():
    body = "ok ❤️\u200d🩹 für dich"
    assert clean_body(body) == body


def test_clean_body_drops_direction_marks():
    assert clean_body("\u200e<attached: photo.jpg>") == "<attached: photo.jpg>"
