# Writes the manual pages of deepterra and deepterra-cli and the bash completion of deepterra-cli from
# the programs' own --help, so that none of them can drift from the options the programs accept.
#   cmake -DCLI=path/deepterra-cli -DGUI=path/deepterra -DVERSION=x.y.z -DDATE=YYYY-MM-DD
#         -DHOMEPAGE=url -DOUT=dir -P GenerateCliDocs.cmake
# Writes OUT/man/deepterra.1.gz, OUT/man/deepterra-cli.1.gz and OUT/completion/deepterra-cli.
cmake_minimum_required(VERSION 3.25)
foreach(var CLI GUI VERSION DATE OUT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "GenerateCliDocs.cmake: -D${var}=... is missing")
    endif()
endforeach()
# The GUI's --help needs a QApplication, which needs a platform; the offscreen one needs no display.
set(ENV{QT_QPA_PLATFORM} offscreen)

# CMake lists split on ';' and treat brackets specially: help text is carried with both hidden.
function(protect text out)
    string(REPLACE ";" "@SEMICOLON@" text "${text}")
    string(REPLACE "[" "@LBRACKET@" text "${text}")
    string(REPLACE "]" "@RBRACKET@" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()
function(unprotect text out)
    string(REPLACE "@SEMICOLON@" ";" text "${text}")
    string(REPLACE "@LBRACKET@" "[" text "${text}")
    string(REPLACE "@RBRACKET@" "]" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(run_help out)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE text ERROR_VARIABLE errors)
    if(NOT status EQUAL 0)
        string(REPLACE ";" " " command "${ARGN}")
        message(FATAL_ERROR "GenerateCliDocs.cmake: '${command}' failed (${status}): ${errors}")
    endif()
    protect("${text}" text)
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Text for roff: backslashes escaped, minus signs as \-, and no line starting with a control character.
function(roff_text text out)
    unprotect("${text}" text)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# QCommandLineParser's help: "Usage: ...", a description, then "Options:" and "Arguments:" sections of
# entries ("  --name <V>   what it does", continued on lines indented further). Appends roff to `out`:
# the usage through `usage_format` (@USAGE@ stands for it), each section's title through
# `section_format` (@SECTION@, or @SECTION_UPPER@).
function(help_to_roff help usage_format section_format out)
    string(REPLACE "\n" ";" lines "${help}")
    set(roff "")
    set(section "")
    foreach(line IN LISTS lines)
        if(line MATCHES "^Usage: ([^ ]*/)?(.*)$")
            # argv[0] as the program was started: only its name belongs in a manual.
            roff_text("${CMAKE_MATCH_2}" usage)
            string(REPLACE "@USAGE@" "${usage}" heading "${usage_format}")
            string(APPEND roff "${heading}")
        elseif(line MATCHES "^(Options|Arguments):$")
            set(section "${CMAKE_MATCH_1}")
            string(TOUPPER "${section}" upper)
            string(REPLACE "@SECTION@" "${section}" heading "${section_format}")
            string(REPLACE "@SECTION_UPPER@" "${upper}" heading "${heading}")
            string(APPEND roff "${heading}")
        elseif(line STREQUAL "")
            if(section STREQUAL "" AND NOT roff MATCHES "\\.PP\n$")
                string(APPEND roff ".PP\n")
            endif()
        elseif(NOT section STREQUAL "" AND line MATCHES "^  ([^ ].*[^ ]|[^ ])  +([^ ].*)$")
            roff_text("${CMAKE_MATCH_1}" name)
            roff_text("${CMAKE_MATCH_2}" what)
            string(APPEND roff ".TP\n\\fB${name}\\fR\n${what}\n")
        elseif(NOT section STREQUAL "" AND line MATCHES "^  ([^ ].*)$")
            roff_text("${CMAKE_MATCH_1}" name)
            string(APPEND roff ".TP\n\\fB${name}\\fR\n")
        elseif(NOT section STREQUAL "" AND line MATCHES "^   +([^ ].*)$")
            roff_text("${CMAKE_MATCH_1}" more)
            string(APPEND roff "${more}\n")
        elseif(line MATCHES "^  ([^ ]+)  +([^ ].*)$")
            # A list in a command's description ("  name   what it is"), such as model's presets.
            roff_text("${CMAKE_MATCH_1}" name)
            roff_text("${CMAKE_MATCH_2}" what)
            string(APPEND roff ".TP\n\\fB${name}\\fR\n${what}\n")
        elseif(line MATCHES "^[^ ].*:$")
            roff_text("${line}" title)
            string(APPEND roff ".PP\n\\fB${title}\\fR\n")
        else()
            string(STRIP "${line}" line)
            roff_text("${line}" text)
            string(APPEND roff "${text}\n")
        endif()
    endforeach()
    set(${out} "${${out}}${roff}" PARENT_SCOPE)
endfunction()

function(write_gzipped path text)
    get_filename_component(dir "${path}" DIRECTORY)
    string(REGEX REPLACE "\\.gz$" "" plain "${path}")
    file(MAKE_DIRECTORY "${dir}")
    unprotect("${text}" text)
    file(WRITE "${plain}" "${text}")
    # -n: no name or time stamp in the header, so that the package is reproducible.
    execute_process(COMMAND gzip -9nf "${plain}" RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "GenerateCliDocs.cmake: gzip ${plain} failed")
    endif()
endfunction()

set(header_common "\"${DATE}\" \"Deepterra ${VERSION}\" \"User Commands\"\n")
set(see_also ".SH SEE ALSO\n")
if(DEFINED HOMEPAGE AND NOT HOMEPAGE STREQUAL "")
    roff_text("${HOMEPAGE}" homepage)
    set(see_also "${see_also}${homepage}\n")
endif()

# The commands of deepterra-cli: its usage lists "  name   summary" under "Commands:".
run_help(usage ${CLI} --help)
string(REPLACE "\n" ";" usage_lines "${usage}")
set(commands "")
set(in_commands FALSE)
foreach(line IN LISTS usage_lines)
    if(line STREQUAL "Commands:")
        set(in_commands TRUE)
    elseif(in_commands AND line MATCHES "^  ([a-z][a-z0-9-]*) +(.*)$")
        list(APPEND commands "${CMAKE_MATCH_1}")
        set(summary_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
    elseif(in_commands AND line STREQUAL "")
        set(in_commands FALSE)
    endif()
endforeach()
list(LENGTH commands command_count)
if(command_count LESS 5)
    message(FATAL_ERROR "GenerateCliDocs.cmake: found only '${commands}' in the usage of ${CLI}:\n${usage}")
endif()

# deepterra-cli(1)
set(man ".TH DEEPTERRA\\-CLI 1 ${header_common}")
string(APPEND man ".SH NAME\ndeepterra\\-cli \\- run Deepterra's deep-learning engine on geodata without the GUI\n")
string(APPEND man ".SH SYNOPSIS\n.B deepterra\\-cli\n.I command\n[\\fIoptions\\fR]\n.br\n"
    ".B deepterra\\-cli\n.I command\n\\fB\\-\\-help\\fR\n.br\n.B deepterra\\-cli \\-\\-version\n")
string(APPEND man ".SH DESCRIPTION\n\\fBdeepterra\\-cli\\fR runs what the Deepterra desktop application does "
    "(describe data, create and train projects, predict whole rasters, forecast series, export models "
    "and write reports) from a terminal, a script or a batch scheduler. It reads and writes the same "
    "project files and run folders as the application.\n")
string(APPEND man ".SH COMMANDS\n")
foreach(command IN LISTS commands)
    roff_text("${summary_${command}}" summary)
    roff_text("${command}" name)
    string(APPEND man ".TP\n\\fB${name}\\fR\n${summary}\n")
endforeach()
foreach(command IN LISTS commands)
    run_help(help_${command} ${CLI} ${command} --help)
    string(TOUPPER "${command}" title)
    roff_text("${title}" title)
    string(APPEND man ".SH \"COMMAND: ${title}\"\n")
    help_to_roff("${help_${command}}" ".SS \"@USAGE@\"\n" ".PP\n\\fB@SECTION@:\\fR\n" man)
endforeach()
string(APPEND man ".SH EXIT STATUS\n0 on success, 1 when the command failed (the message names the file and "
    "the cause), 2 for a command line that cannot be understood.\n")
string(APPEND man ".SH FILES\n.TP\n.I /usr/share/deepterra/demo/\nThe Olinda demo project (a Landsat 7 "
    "scene, a DEM and training polygons). Copy it to a folder of your own before training: runs are "
    "written beside the project.\n")
string(APPEND man ".SH EXAMPLES\n.nf\n"
    "cp \\-r /usr/share/deepterra/demo ~/olinda && cd ~/olinda\n"
    "deepterra\\-cli info L7_ETMs.tif\n"
    "deepterra\\-cli init landcover.deepterra \\-\\-task segmentation \\-\\-image L7_ETMs.tif \\e\n"
    "    \\-\\-labels olinda\\-training.gpkg \\-\\-label\\-field landcover \\-\\-epochs 20\n"
    "deepterra\\-cli train landcover.deepterra \\-\\-out runs/first\n"
    "deepterra\\-cli predict runs/first \\-\\-input L7_ETMs.tif \\-\\-output classes.tif\n"
    "deepterra\\-cli export runs/first \\-\\-format onnx \\-\\-output landcover.onnx\n.fi\n")
string(APPEND man "${see_also}.BR deepterra (1)\n")
write_gzipped("${OUT}/man/deepterra-cli.1.gz" "${man}")

# deepterra(1)
run_help(gui_help ${GUI} --help)
set(man ".TH DEEPTERRA 1 ${header_common}")
string(APPEND man ".SH NAME\ndeepterra \\- train and apply deep-learning models on geodata\n")
string(CONCAT gui_description "The Deepterra desktop application: load DEMs, satellite imagery, labels and climate "
    "series on a map, configure a network in forms, train it with live loss curves, inspect predictions "
    "and export models and reports.\n")
help_to_roff("${gui_help}" ".SH SYNOPSIS\n.B @USAGE@\n.SH DESCRIPTION\n${gui_description}.PP\n"
    ".SH @SECTION_UPPER@\n" man)
string(APPEND man ".SH FILES\n.TP\n.I /usr/share/deepterra/demo/\nThe demo project that File > Open Demo "
    "Project opens (a copy is made in your data folder, where training can write its runs).\n"
    ".TP\n.I ~/.config/Deepterra/Deepterra.conf\nSettings: window layout, recent files, devices.\n")
string(APPEND man "${see_also}.BR deepterra\\-cli (1)\n")
write_gzipped("${OUT}/man/deepterra.1.gz" "${man}")

# bash completion: commands, then each command's long options; files for option values and arguments.
set(cases "")
foreach(command IN LISTS commands)
    unprotect("${help_${command}}" help)
    string(REGEX MATCHALL "(^|\n)  (-[a-zA-Z], )?--[a-z][a-z0-9-]*" found "${help}")
    set(options "")
    foreach(option IN LISTS found)
        string(REGEX REPLACE ".*(--[a-z][a-z0-9-]*)$" "\\1" option "${option}")
        list(APPEND options "${option}")
    endforeach()
    list(REMOVE_DUPLICATES options)
    string(REPLACE ";" " " options "${options}")
    string(APPEND cases "        ${command}) options='${options}' ;;\n")
endforeach()
string(REPLACE ";" " " command_words "${commands}")
file(MAKE_DIRECTORY "${OUT}/completion")
file(WRITE "${OUT}/completion/deepterra-cli"
"# bash completion for deepterra-cli ${VERSION}; generated from its --help by installer/GenerateCliDocs.cmake.
_deepterra_cli()
{
    local cur prev words cword
    _init_completion || return
    if ((cword == 1)); then
        COMPREPLY=($(compgen -W '${command_words} --help --version' -- \"$cur\"))
        return
    fi
    local options=''
    case \${words[1]} in
${cases}    esac
    case $prev in
        --device) COMPREPLY=($(compgen -W 'auto cpu cuda' -- \"$cur\")); return ;;
        --format) COMPREPLY=($(compgen -W 'torchscript onnx card html pdf' -- \"$cur\")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))
        return
    fi
    _filedir
}
complete -F _deepterra_cli deepterra-cli
")
