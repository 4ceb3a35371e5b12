# Turn a text file into a C header holding it as one string:
#   cmake -DIN=file -DOUT=header.h -DNAME=symbol -P embed_text.cmake
# Used for the data files a binary must carry (the scanner's dictionary),
# so that no installed path can go missing or be swapped under it.
file(READ ${IN} text)
string(REPLACE "\\" "\\\\" text "${text}")
string(REPLACE "\"" "\\\"" text "${text}")
string(REPLACE "\n" "\\n\"\n\t\"" text "${text}")
file(WRITE ${OUT} "/* generated from ${IN} by embed_text.cmake */\nstatic const char ${NAME}[] =\n\t\"${text}\";\n")
