# Fails when a source file includes a header of a layer above its own, or an outside library
# that its layer does not link (docs/architecture.md, "Layers"). The per-layer libraries catch
# an upward call at link time; this catches the upward include that only uses inline code.
# Run as: cmake -DSOURCE_DIR=<repo>/src -P CheckLayers.cmake

cmake_minimum_required(VERSION 3.25)

set(order domain crypto store service http app)
# Outside libraries that only one layer may include, as include-path prefixes.
set(owned_by_crypto "openssl/;nettle/;sodium.h;zlib.h;libdeflate.h;xmlsec/;libxml/")
set(owned_by_store "sqlite3.h;libpq-fe.h")
set(owned_by_http "curl/;boost/beast;boost/asio;boost/url")

set(problems "")
list(LENGTH order layers)
math(EXPR last "${layers} - 1")
foreach(index RANGE ${last})
  list(GET order ${index} layer)
  list(SUBLIST order 0 ${index} below)
  list(APPEND below ${layer})
  file(GLOB_RECURSE files "${SOURCE_DIR}/${layer}/*.h" "${SOURCE_DIR}/${layer}/*.cpp")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^#include [<\"]")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include [<\"]([^>\"]+)[>\"].*" "\\1" target "${line}")
      file(RELATIVE_PATH where "${SOURCE_DIR}" "${file}")
      if(line MATCHES "^#include \"([a-z]+)/")
        if(NOT CMAKE_MATCH_1 IN_LIST below)
          string(APPEND problems "  ${where}: includes ${target}, a layer above ${layer}\n")
        endif()
      endif()
      foreach(owner crypto store http)
        foreach(prefix IN LISTS owned_by_${owner})
          string(FIND "${target}" "${prefix}" at)
          if(at EQUAL 0 AND NOT layer STREQUAL owner AND NOT layer STREQUAL "app")
            string(APPEND problems "  ${where}: includes ${target}, which only ${owner} may use\n")
          endif()
        endforeach()
      endforeach()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "includes that run against the layers:\n${problems}")
endif()
message(STATUS "every include follows the layers")
