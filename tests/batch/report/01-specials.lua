-- a value full of characters each report format must escape
print("tab\tquote\" apos' amp& lt< gt>")
return "<&>\"'", "line1\nline2"
