"""Option lookup shared by select, multiselect and stage."""

from tessera.widgets.choices import choices, html_options, option_label, option_lookup

CONFIG = {"options": [{"key": "finance", "label": {"zh-CN": "金融", "en": "Finance"}}]}


def test_every_spelling_maps_to_the_key():
    assert option_lookup(CONFIG) == {"finance": "finance", "金融": "finance"}


def test_labels_and_choices():
    assert option_label("finance", config=CONFIG, locale="en") == "Finance"
    assert choices(CONFIG, "zh_CN") == [("finance", "金融")]


def test_html_options_start_with_a_blank():
    values = [tuple(option)[:2] for option in html_options(choices(CONFIG, "en"), blank=True)]
    assert values == [("", "—"), ("finance", "Finance")]
