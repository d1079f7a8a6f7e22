-- kg.output refuses names outside the directory or clashing with outputs
local function msg(name) local ok, e = pcall(kg.output, name) assert(not ok) return (e:gsub("^[^:]*:%d+: ", "")) end
return {
  msg("../escape"), msg("a/b"), msg(".hidden"), msg(""), msg("01-pass.out"),
}
