-- invalid UTF-8 and control characters in the message
error("bad \255\254 bytes and a bell \7 <here>", 0)
