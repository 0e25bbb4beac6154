; District Desk installer for Windows (NSIS 3).
;
; Built by build_installer.py on a Windows build machine (see docs/admin-guide.md):
;   makensis -DVERSION=1.2.3 -DVERSION_QUAD=1.2.3.0 -DSOURCE_DIR=dist\bundle\district-desk
;            -DOUTFILE=dist\DistrictDesk-Setup-1.2.3.exe [-DSIGN_COMMAND="signtool ... %1"]
;            district-desk.nsi
;
; Per-machine install to Program Files (administrator rights).
; Silent install:    DistrictDesk-Setup-1.2.3.exe /S [/SITECONFIG=\\server\share\site.toml]
;                    (/SITECONFIG copies the office's site.toml, and any .pem/.crt CA
;                     files in the same folder, next to the program;
;                     /D=C:\Path must come last if another folder is wanted)
; Silent uninstall:  "C:\Program Files\District Desk\Uninstall.exe" /S [/PURGE]
;                    (/PURGE also deletes the site configuration and CA files; users' data folders
;                     %LOCALAPPDATA%\DistrictDesk and their stored keys are never deleted)
; Exit codes: 0 done, 1 cancelled or failed, 2 the /SITECONFIG file does not exist.

Unicode true
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef VERSION_QUAD
  !error "pass -DVERSION_QUAD=x.y.z.0"
!endif
!ifndef SOURCE_DIR
  !error "pass -DSOURCE_DIR=<the PyInstaller one-folder bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "DistrictDesk-Setup-${VERSION}.exe"
!endif

; Optional Authenticode signing of the installer and the uninstaller it contains. The
; program's own executables are signed by build_installer.py before they are packed.
!ifdef SIGN_COMMAND
  !finalize '${SIGN_COMMAND}'
  !uninstfinalize '${SIGN_COMMAND}'
!endif

!define PRODUCT "District Desk"
!define PUBLISHER "District Desk"
!define GUI_EXE "DistrictDesk.exe"
!define CLI_EXE "district-desk.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\DistrictDesk"
!define MACHINE_CONFIG_DIR "DistrictDesk" ; under C:\ProgramData (platformdirs site_config_dir)

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ABORTWARNING
!define MUI_ICON "district-desk.ico"
!define MUI_UNICON "district-desk.ico"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"

Var SiteConfig
Var Purge

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT} needs 64-bit Windows." /SD IDOK
    SetErrorLevel 1
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SITECONFIG=" $SiteConfig
  ${If} ${Errors}
    StrCpy $SiteConfig ""
  ${EndIf}
  ${If} $SiteConfig != ""
  ${AndIfNot} ${FileExists} $SiteConfig
    MessageBox MB_ICONSTOP "Site configuration not found: $SiteConfig" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program folder completely so no file of the old version stays
  ; behind. Users' data (%LOCALAPPDATA%\DistrictDesk), their keys (Windows Credential
  ; Manager, service "DistrictDesk") and site.toml are not in this folder or are kept.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  File /r "${SOURCE_DIR}\*"

  ${If} $SiteConfig != ""
    CopyFiles /SILENT "$SiteConfig" "$INSTDIR\site.toml"
    ; CA certificates deployed beside site.toml come along, so a relative ca_bundle
    ; ("regional-ca.pem") in the file still points at them.
    ${GetParent} $SiteConfig $R1
    CopyFiles /SILENT "$R1\*.pem" "$INSTDIR"
    CopyFiles /SILENT "$R1\*.crt" "$INSTDIR"
    DetailPrint "Site configuration copied from $SiteConfig"
  ${EndIf}

  ; Office LAN exchange ([lan] in site.toml): the program may accept connections from
  ; PCs of the local subnet only, on the domain and private profiles (TCP: the exchange,
  ; on the port site.toml names; UDP 5353: mDNS discovery). Removed first so an upgrade
  ; does not add the rules twice. The exchange stays off until site.toml enables it.
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${PRODUCT} LAN exchange"'
  Pop $0
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${PRODUCT} LAN discovery"'
  Pop $0
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="${PRODUCT} LAN exchange" dir=in action=allow protocol=TCP program="$INSTDIR\${GUI_EXE}" remoteip=localsubnet profile=domain,private'
  Pop $0
  DetailPrint "Firewall rule for LAN exchange: $0"
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="${PRODUCT} LAN discovery" dir=in action=allow protocol=UDP localport=5353 program="$INSTDIR\${GUI_EXE}" remoteip=localsubnet profile=domain,private'
  Pop $0

  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  StrCpy $Purge "0"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    StrCpy $Purge "1"
  ${EndIf}
FunctionEnd

Section "Uninstall"
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${PRODUCT} LAN exchange"'
  Pop $0
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${PRODUCT} LAN discovery"'
  Pop $0
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  ${If} $Purge == "1"
    ; Machine-wide configuration only. Users' data folders are never deleted here: a store
    ; can hold requests that have not reached the server yet (see docs/admin-guide.md).
    Delete "$INSTDIR\site.toml"
    Delete "$INSTDIR\*.pem"
    Delete "$INSTDIR\*.crt"
    Delete "$APPDATA\${MACHINE_CONFIG_DIR}\site.toml"
    RMDir "$APPDATA\${MACHINE_CONFIG_DIR}"
  ${EndIf}
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
