# What the Debian package adds around the program and its base layer (whose install rules are
# cmake/install.cmake's): the config schema for editors, the bash completion and the man page,
# both made from the program's own --help at build time, and the CPack settings that make
# manualgen_<version>_amd64.deb (`cpack --config build/CPackConfig.cmake`; .ci/package-test).
include(GNUInstallDirs)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/packaging)
install(FILES ${PROJECT_SOURCE_DIR}/site-config.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/manualgen)

find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(manualgen_completion ${CMAKE_BINARY_DIR}/packaging/manualgen.bash)
add_custom_command(OUTPUT ${manualgen_completion}
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/packaging/bash_completion.py $<TARGET_FILE:manualgen>
          ${manualgen_completion}
  DEPENDS manualgen ${PROJECT_SOURCE_DIR}/packaging/bash_completion.py
  COMMENT "Writing the bash completion from manualgen --help")
add_custom_target(manualgen_completion ALL DEPENDS ${manualgen_completion})
install(FILES ${manualgen_completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME manualgen)

# help2man (Debian's help2man, which scripts/setup installs) writes the page from --help and
# --version; without it there is no man page, and .ci/package-test fails on a package without one.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(manualgen_man_page ${CMAKE_BINARY_DIR}/packaging/manualgen.1)
  add_custom_command(OUTPUT ${manualgen_man_page}
    COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
            --name "self-help manuals for Entra ID password self-service, per organisation and locale"
            --include ${PROJECT_SOURCE_DIR}/packaging/manualgen.h2m --output ${manualgen_man_page}
            $<TARGET_FILE:manualgen>
    DEPENDS manualgen ${PROJECT_SOURCE_DIR}/packaging/manualgen.h2m
    COMMENT "Writing the man page from manualgen --help (help2man)")
  add_custom_target(manualgen_man_page ALL DEPENDS ${manualgen_man_page})
  install(FILES ${manualgen_man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (apt-get install help2man)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME manualgen)
set(CPACK_PACKAGE_VENDOR "manualgen")
set(CPACK_PACKAGE_CONTACT "manualgen maintainers <maintainers@users.noreply.b-seed-732a5855.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-help manuals for Microsoft Entra ID password self-service")
set(CPACK_PACKAGE_DESCRIPTION "Publishes a branded manual site (and PDFs) per organisation and locale for \
registering, resetting, unlocking and changing a password with Entra ID self-service, and checks the \
manuals and their links.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# manualgen_<version>_<arch>.deb, Debian's own naming.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# The libraries the program links (cmark-gfm, curl, mimalloc, qrencode, httplib, …), found by
# dpkg-shlibdeps; PDFs need WeasyPrint, which is a program, not a library.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "weasyprint")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/package)
include(CPack)
