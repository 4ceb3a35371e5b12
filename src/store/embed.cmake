# Turn the migration SQL files into a C header: one string per version, in
# file-name order. Run by CMake at build time (see CMakeLists.txt).
set(body "/* generated from src/store/migrations by embed.cmake */\n")
string(APPEND body "static const char *const store_migrations[] = {\n")
foreach(f IN LISTS FILES)
	file(READ ${f} sql)
	string(REPLACE "\\" "\\\\" sql "${sql}")
	string(REPLACE "\"" "\\\"" sql "${sql}")
	string(REPLACE "\n" "\\n\"\n\t\"" sql "${sql}")
	string(APPEND body "\t\"${sql}\",\n")
endforeach()
string(APPEND body "};\n")
file(WRITE ${OUT} "${body}")
