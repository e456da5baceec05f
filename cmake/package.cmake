# What the package adds around the program and its base layer (whose install rules are beside
# their targets): the config schema for editors.
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/site-config.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/manualgen)
