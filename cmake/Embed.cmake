# rg_embed_files(OUTPUT out.cpp FILES a.yml b.yml)
# Generates `std::string_view rg::embedded::file(std::string_view name)` over the files'
# bytes, regenerated whenever a file changes.
function(rg_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT" "FILES" ${ARGN})
  string(REPLACE ";" "|" files "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} "-DFILES=${files}"
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
    DEPENDS ${ARG_FILES} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
    COMMENT "Embedding default rules"
    VERBATIM)
endfunction()
