# What `cmake --install` puts where: the program in bin/, and the base layer — the content, locales,
# themes and link rules every project is looked up under (generator/core/project_lookup.h) — in
# share/manualgen/, laid out as in this repository so the repository is itself a project. The
# program finds the base layer as generator/core/base_layer.h says. The config schema goes to
# share/manualgen/site-config.schema.json beside these (packaging adds it). `manualgen init` copies
# share/manualgen/project-template/.
set(MANUALGEN_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/manualgen)

install(TARGETS manualgen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY content locales themes DESTINATION ${MANUALGEN_INSTALL_DATADIR})
install(FILES checks/links.json DESTINATION ${MANUALGEN_INSTALL_DATADIR}/checks)
# The PDF worker is found beside the program in the build tree and in the base layer once installed.
install(PROGRAMS generator/publish/pdf_worker.py DESTINATION ${MANUALGEN_INSTALL_DATADIR})
install(DIRECTORY project-template/ DESTINATION ${MANUALGEN_INSTALL_DATADIR}/project-template)
