-- the 1 s time limit must hold when every instruction is slow (a big
-- string.rep each turn: the count hook came too rarely; ran for minutes)
while true do local s = string.rep("x", 1e7) end
