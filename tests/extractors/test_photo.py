from preaudit.extractors.photo import extract
from preaudit.pipeline.model import Page


def _photo(file: str, width: int = 295, height: int = 413) -> Page:
    return Page(file=file, file_sha256="0" * 64, number=1, width=width, height=height, source="ocr", lines=[])


def test_size_format_and_file_name():
    f = extract([_photo("照片/530102199003071238张伟.JPG", 358, 441)])
    assert {k: v.value for k, v in f.items()} == {"width": 358, "height": 441, "format": "jpeg", "file_name": "530102199003071238张伟.JPG"}
    assert all(v.confidence == 1.0 and v.bbox is None for v in f.values())


def test_other_suffixes():
    assert extract([_photo("a.png")])["format"].value == "png"
    assert extract([_photo("b.jpeg")])["format"].value == "jpeg"
    assert extract([_photo("c.TIF")])["format"].value == "tiff"
    assert extract([_photo("d.webp")])["format"].value == "webp"


def test_the_source_size_wins_over_the_resized_page():
    page = _photo("a.jpg", 731, 900).model_copy(update={"geometry": {"turn": 0, "steps": {}, "source_size": [358, 441]}})
    f = extract([page])
    assert (f["width"].value, f["height"].value) == (358, 441)
