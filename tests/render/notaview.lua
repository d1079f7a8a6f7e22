-- tests/render/notaview.lua — a --view script that returns no view.
return 42
