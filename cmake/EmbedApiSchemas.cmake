# Turns api/schemas.json into the C++ that parses it, so the binary carries its component schemas.
file(READ ${INPUT} schemas)
if(schemas MATCHES "\\)json\"")
  message(FATAL_ERROR "${INPUT} contains )json\", which would end the raw string early")
endif()
file(WRITE ${OUTPUT} "// Generated from api/schemas.json; do not edit.\n#include \"http/ApiSchemas.h\"\n\n#include <boost/json/parse.hpp>\n\nnamespace tessera::http {\n\nconst boost::json::object& apiSchemas() {\n    static const boost::json::object schemas = boost::json::parse(R\"json(${schemas})json\").as_object();\n    return schemas;\n}\n\n}  // namespace tessera::http\n")
