from emc2.markdown import render_markdown


def test_render_markdown_keeps_formatting():
    assert render_markdown("Some **bold** and [a link](https://example.org).") == (
        '<p>Some <strong>bold</strong> and <a href="https://example.org" '
        'rel="noopener noreferrer nofollow">a link</a>.</p>'
    )


def test_render_markdown_drops_scripts_and_handlers():
    html = render_markdown(
        'Hi<script>alert("x")</script> <img src=x onerror="alert(1)"> '
        '<a href="javascript:alert(1)">click</a>'
    )
    assert "<script" not in html
    assert "alert" not in html.replace("click", "")
    assert "onerror" not in html
    assert "javascript:" not in html
