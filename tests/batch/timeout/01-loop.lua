-- loops forever: stopped by --timeout
while true do end
