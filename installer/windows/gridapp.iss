; 网格通 GridApp — Windows installer (Inno Setup 6.3 or newer).
;
; Packs the PyInstaller one-folder build (dist\gridapp\gridapp.exe and its _internal folder,
; made by `pyinstaller installer/pyinstaller/gridapp.spec`) into dist\gridapp-<version>-setup.exe.
; Build on Windows from the repository root (docs/deployment.md, "Building the Windows installer"):
;
;   iscc installer\windows\gridapp.iss                      (version below)
;   iscc /DAppVersion=0.2.0 installer\windows\gridapp.iss   (any other version)
;
; Needs, next to this file: gridapp.ico (committed; made by make_ico.py) and
; ChineseSimplified.isl (Inno Setup's unofficial Simplified Chinese translation, not
; shipped with Inno Setup or with GridApp: docs/deployment.md says where to get it).
;
; Per-user install by default (no administrator rights): %LOCALAPPDATA%\Programs\GridApp.
; The user's data is NOT here but in %LOCALAPPDATA%\GridApp (gridapp/paths.py), and the
; database key in Windows Credential Manager; the uninstaller removes only what it
; installed, so both stay. Do not add an [UninstallDelete] entry outside {app}
; (tests/test_installer_files.py checks this file).

; Must equal [project] version in pyproject.toml (checked by tests/test_installer_files.py).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

#define AppName "网格通"
#define AppExeName "gridapp.exe"
#define RepoRoot AddBackslash(SourcePath) + "..\.."
#define BuildDir RepoRoot + "\dist\gridapp"

#if !FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #error installer\windows\ChineseSimplified.isl is missing: download it as docs/deployment.md says
#endif
#if !FileExists(BuildDir + "\" + AppExeName)
  #error dist\gridapp\gridapp.exe is missing: run pyinstaller installer/pyinstaller/gridapp.spec first
#endif

[Setup]
; AppId identifies GridApp to Windows for upgrades and uninstall: never change it.
AppId={{CEEAE9A0-720B-40FF-9DF8-5C24903C1E88}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=GridApp
VersionInfoVersion={#AppVersion}
VersionInfoProductName=GridApp
; Per user, no UAC prompt; {autopf} is then {localappdata}\Programs. An administrator may
; install for all users of a PC with /ALLUSERS on the command line (Program Files).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\GridApp
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RepoRoot}\dist
OutputBaseFilename=gridapp-{#AppVersion}-setup
SetupIconFile=gridapp.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} GridApp
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
LanguageDetectionMethod=none
; Closes a running 网格通 (Restart Manager) before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
; Chinese first: the installer speaks Chinese. Default.isl first in the list fills any message
; the unofficial translation lacks (in English) instead of failing the build.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.StartApp=启动网格通
english.StartApp=Start GridApp

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:StartApp}"; Flags: nowait postinstall skipifsilent
