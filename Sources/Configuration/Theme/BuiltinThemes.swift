/// The text of the themes in `Themes/`, compiled in so that an installed binary needs no files beside it.
/// A test checks that each string is byte for byte its file in `Themes/`; edit the file, then paste it here.
enum BuiltinThemes {
    static let texts: [String: String] = [
        "colorblind-safe": ##"""
# Lightbox theme "colorblind-safe": for dark terminals, built from the Okabe-Ito palette (Okabe & Ito,
# 2002), whose colours stay distinct under the common colour-vision deficiencies. No meaning rests on
# red against green: pending and reviewed are orange and blue, errors vermillion and successes blue,
# highlighted report words yellow, and heatmaps use viridis.
#
# Okabe-Ito: orange #E69F00, sky blue #56B4E9, yellow #F0E442, blue #0072B2, vermillion #D55E00.
# Colours: "default" (the terminal's own), ANSI names (red, bright_red, ...), an xterm index "0"-"255",
# or "#rrggbb" (shown as the nearest xterm-256 colour). Attributes: bold underline reverse dim italic.
# `mono` sets the attributes used when there is no colour (NO_COLOR, colors = "mono").

name = "colorblind-safe"
overlay_colormap = "viridis"

[roles.text]
fg = "default"
bg = "default"

[roles.title]
fg = "#ffffff"
attrs = ["bold"]

[roles.bar]
fg = "#000000"
bg = "#56B4E9"

[roles.selection]
fg = "#000000"
bg = "#F0E442"

[roles.dim]
fg = "#8a8a8a"

[roles.warning]
fg = "#000000"
bg = "#D55E00"
attrs = ["bold"]

[roles.error]
fg = "#D55E00"
attrs = ["bold"]

[roles.success]
fg = "#56B4E9"
attrs = ["bold"]

[roles.pending]
fg = "#E69F00"
attrs = ["bold"]

[roles.reviewed]
fg = "#56B4E9"

[roles.accent]
fg = "#56B4E9"
attrs = ["bold"]

[roles.probability]
fg = "#56B4E9"

[roles.probability_top]
fg = "#E69F00"

[roles.highlight]
fg = "#F0E442"
attrs = ["bold", "underline"]

[roles.border]
fg = "#0072B2"

"""##,
        "dark": ##"""
# Lightbox theme "dark": for terminals with a dark background (the usual default).
# Text keeps the terminal's own colours; bars, selection and the warning marker bring their own
# background so they stand out on any dark background.
#
# Colours: "default" (the terminal's own), ANSI names (red, bright_red, ...), an xterm index "0"-"255",
# or "#rrggbb" (shown as the nearest xterm-256 colour). Attributes: bold underline reverse dim italic.
# `mono` sets the attributes used when there is no colour (NO_COLOR, colors = "mono").

name = "dark"
overlay_colormap = "turbo"

[roles.text]
fg = "default"
bg = "default"

[roles.title]
fg = "#ffffff"
attrs = ["bold"]

[roles.bar]
fg = "#eeeeee"
bg = "#4e4e4e"

[roles.selection]
fg = "#000000"
bg = "#5fafff"

[roles.dim]
fg = "#8a8a8a"

[roles.warning]
fg = "#ffff00"
bg = "#af0000"
attrs = ["bold"]
mono = ["bold", "reverse"]

[roles.error]
fg = "#ff5f5f"
attrs = ["bold"]

[roles.success]
fg = "#5fd75f"
attrs = ["bold"]

[roles.pending]
fg = "#ffaf00"
attrs = ["bold"]

[roles.reviewed]
fg = "#87af87"

[roles.accent]
fg = "#5fd7ff"
attrs = ["bold"]

[roles.probability]
fg = "#5f87af"

[roles.probability_top]
fg = "#5fd7ff"

[roles.highlight]
fg = "#ffd75f"
attrs = ["bold", "underline"]

[roles.border]
fg = "#585858"

"""##,
        "high-contrast": ##"""
# Lightbox theme "high-contrast": white and bright colours on black, every text colour at a WCAG
# contrast ratio of 7:1 or more, and bold wherever it helps. For low vision and bright reading rooms.
#
# Colours: "default" (the terminal's own), ANSI names (red, bright_red, ...), an xterm index "0"-"255",
# or "#rrggbb" (shown as the nearest xterm-256 colour). Attributes: bold underline reverse dim italic.
# `mono` sets the attributes used when there is no colour (NO_COLOR, colors = "mono").

name = "high-contrast"
overlay_colormap = "turbo"

[roles.text]
fg = "#ffffff"
bg = "#000000"

[roles.title]
fg = "#ffffff"
bg = "#000000"
attrs = ["bold", "underline"]
mono = ["bold", "underline"]

[roles.bar]
fg = "#000000"
bg = "#ffffff"
attrs = ["bold"]
mono = ["bold", "reverse"]

[roles.selection]
fg = "#000000"
bg = "#ffff00"
attrs = ["bold"]
mono = ["bold", "reverse"]

[roles.dim]
fg = "#d0d0d0"
bg = "#000000"
mono = []

[roles.warning]
fg = "#ffffff"
bg = "#870000"
attrs = ["bold"]
mono = ["bold", "reverse", "underline"]

[roles.error]
fg = "#ff8787"
bg = "#000000"
attrs = ["bold"]

[roles.success]
fg = "#87ff87"
bg = "#000000"
attrs = ["bold"]

[roles.pending]
fg = "#ffff00"
bg = "#000000"
attrs = ["bold"]

[roles.reviewed]
fg = "#87d7ff"
bg = "#000000"

[roles.accent]
fg = "#00ffff"
bg = "#000000"
attrs = ["bold"]

[roles.probability]
fg = "#afafaf"
bg = "#000000"

[roles.probability_top]
fg = "#ffffff"
bg = "#000000"

[roles.highlight]
fg = "#ffff00"
bg = "#000000"
attrs = ["bold", "underline"]

[roles.border]
fg = "#ffffff"
bg = "#000000"
mono = []

"""##,
        "light": ##"""
# Lightbox theme "light": dark text on white. Every role sets its own background, so the theme looks
# the same whatever the terminal's background is.
#
# Colours: "default" (the terminal's own), ANSI names (red, bright_red, ...), an xterm index "0"-"255",
# or "#rrggbb" (shown as the nearest xterm-256 colour). Attributes: bold underline reverse dim italic.
# `mono` sets the attributes used when there is no colour (NO_COLOR, colors = "mono").

name = "light"
overlay_colormap = "turbo"

[roles.text]
fg = "#1c1c1c"
bg = "#ffffff"

[roles.title]
fg = "#000000"
bg = "#ffffff"
attrs = ["bold"]

[roles.bar]
fg = "#ffffff"
bg = "#005f87"

[roles.selection]
fg = "#000000"
bg = "#afd7ff"

[roles.dim]
fg = "#6c6c6c"
bg = "#ffffff"

[roles.warning]
fg = "#ffffff"
bg = "#af0000"
attrs = ["bold"]

[roles.error]
fg = "#af0000"
bg = "#ffffff"
attrs = ["bold"]

[roles.success]
fg = "#005f00"
bg = "#ffffff"
attrs = ["bold"]

[roles.pending]
fg = "#875f00"
bg = "#ffffff"
attrs = ["bold"]

[roles.reviewed]
fg = "#005f87"
bg = "#ffffff"

[roles.accent]
fg = "#005faf"
bg = "#ffffff"
attrs = ["bold"]

[roles.probability]
fg = "#5f87af"
bg = "#ffffff"

[roles.probability_top]
fg = "#005faf"
bg = "#ffffff"

[roles.highlight]
fg = "#870087"
bg = "#ffffff"
attrs = ["bold", "underline"]

[roles.border]
fg = "#8a8a8a"
bg = "#ffffff"

"""##,
    ]
}
