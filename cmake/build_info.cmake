# Runs at build time (not configure time) so --version names the commit actually built.
# Inputs: SOURCE_DIR, TEMPLATE, OUTPUT, VERSION.
set(revision "unknown")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always --dirty --abbrev=12
                  OUTPUT_VARIABLE git_revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE git_result)
  if(git_result EQUAL 0 AND git_revision)
    set(revision "${git_revision}")
  endif()
endif()
# Day resolution keeps rebuilds incremental; SOURCE_DATE_EPOCH makes release builds reproducible.
string(TIMESTAMP build_date "%Y-%m-%d" UTC)
configure_file("${TEMPLATE}" "${OUTPUT}.tmp" @ONLY)
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
