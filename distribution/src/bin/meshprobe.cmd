@echo off
rem Starts Meshprobe on Windows: finds Java 17 or newer (JAVA_HOME, else java on the PATH), then runs
rem lib\meshprobe.jar with the start-up flags of a short-lived JVM and a class-data archive kept in
rem %LOCALAPPDATA%\meshprobe (never in this installation, which may be read-only). See README.md.
rem   MESHPROBE_OPTS       more JVM options, after Meshprobe's own (the JVM takes the last of a repeated one)
rem   MESHPROBE_CACHE_DIR  where the class-data archive is kept; MESHPROBE_CDS=off uses none
rem No parenthesised blocks below: a ")" in a path such as "C:\Program Files (x86)" would end them.
setlocal EnableExtensions DisableDelayedExpansion

set "MESHPROBE_JAR=%~dp0..\lib\meshprobe.jar"
set "MESHPROBE_NEED=Meshprobe needs Java 17 or newer: install one (for example Eclipse Temurin 17 from https://adoptium.net), then set JAVA_HOME to it or put its bin folder on the PATH."
if not exist "%MESHPROBE_JAR%" goto no_jar

if defined JAVA_HOME goto java_home
set "JAVA_EXE="
for %%J in (java.exe) do set "JAVA_EXE=%%~$PATH:J"
if not defined JAVA_EXE goto no_java
set "JAVA_WHERE=the java on the PATH (%JAVA_EXE%)"
goto version

:java_home
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if not exist "%JAVA_EXE%" goto bad_java_home
set "JAVA_WHERE=the Java in JAVA_HOME (%JAVA_HOME%)"

:version
rem The third word of the line that names the version: openjdk version "17.0.2" / java version "1.8.0_292".
set "JAVA_VERSION_TEXT="
for /f "tokens=3" %%V in ('call "%JAVA_EXE%" -version 2^>^&1 ^| findstr /i /c:" version "') do if not defined JAVA_VERSION_TEXT set "JAVA_VERSION_TEXT=%%~V"
if not defined JAVA_VERSION_TEXT goto not_running
set "JAVA_MAJOR="
set "JAVA_MINOR="
for /f "tokens=1,2 delims=.-+_" %%A in ("%JAVA_VERSION_TEXT%") do set "JAVA_MAJOR=%%A" & set "JAVA_MINOR=%%B"
if "%JAVA_MAJOR%"=="1" set "JAVA_MAJOR=%JAVA_MINOR%"
if not defined JAVA_MAJOR goto cds
if %JAVA_MAJOR% LSS 17 goto too_old

:cds
set "MESHPROBE_CDS_OPTS="
if /i "%MESHPROBE_CDS%"=="off" goto run
set "MESHPROBE_CACHE=%MESHPROBE_CACHE_DIR%"
if not defined MESHPROBE_CACHE if defined LOCALAPPDATA set "MESHPROBE_CACHE=%LOCALAPPDATA%\meshprobe"
if not defined MESHPROBE_CACHE goto run
set "MESHPROBE_ARCHIVE=%MESHPROBE_CACHE%\meshprobe.jsa"
set MESHPROBE_CDS_OPTS="-Dmeshprobe.cds.archive=%MESHPROBE_ARCHIVE%"
if exist "%MESHPROBE_ARCHIVE%" set MESHPROBE_CDS_OPTS=%MESHPROBE_CDS_OPTS% "-XX:SharedArchiveFile=%MESHPROBE_ARCHIVE%"

:run
"%JAVA_EXE%" -Xlog:disable -Xlog:all=warning:stderr -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss4m -Xshare:auto -Dmeshprobe.shortRun=true %MESHPROBE_CDS_OPTS% %MESHPROBE_OPTS% -jar "%MESHPROBE_JAR%" %*
exit /b %ERRORLEVEL%

:no_jar
echo meshprobe: %MESHPROBE_JAR% is missing: unpack the whole Meshprobe archive again. 1>&2
exit /b 2

:no_java
echo meshprobe: no Java found: JAVA_HOME is not set and there is no java on the PATH. %MESHPROBE_NEED% 1>&2
exit /b 2

:bad_java_home
echo meshprobe: JAVA_HOME is set to %JAVA_HOME%, which has no bin\java.exe: point it at a Java 17 or newer installation, or unset it to use the java on the PATH. 1>&2
exit /b 2

:not_running
echo meshprobe: %JAVA_WHERE% does not run ("%JAVA_EXE%" -version failed). %MESHPROBE_NEED% 1>&2
exit /b 2

:too_old
echo meshprobe: %JAVA_WHERE% is Java %JAVA_VERSION_TEXT%, which is too old. %MESHPROBE_NEED% 1>&2
exit /b 2
