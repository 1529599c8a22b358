; Inno Setup 6 script: the ShipDesk installer for Windows (x64).
;
;   python packaging\bundle.py build          (PyInstaller: build\bundle\dist\shipdesk\)
;   iscc /DAppVersion=0.1.0 packaging\windows\shipdesk.iss
;
; Output: build\installers\ShipDesk-<version>-win-x64-setup.exe
;
; - Installs per user by default (no administrator needed; a packing PC is often locked
;   down): the program goes to %LOCALAPPDATA%\Programs\ShipDesk. Whoever has admin rights
;   may choose "all users" in the first dialog (Program Files).
; - Start-menu entries for the workstation, the demo and the uninstaller; an optional
;   desktop icon.
; - The orders database, key files and settings live in the per-user data directory
;   (%LOCALAPPDATA%\ShipDesk\ShipDesk, from platformdirs), never under {app}: an upgrade
;   replaces the program files only, and uninstalling leaves the data (and the key in
;   Windows Credential Manager) where they are. The uninstaller says so.
; - An upgrade closes a running ShipDesk (Restart Manager) and clears the old program
;   folder first, so files of the previous version never mix with the new ones.
; - After installing, `shipdesk-cli selftest` checks the installed copy (boots, opens a
;   database, renders a label); a failure is shown, not hidden.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "ShipDesk"
#define AppNameZh "ShipDesk 面单工作台"
#define Bundle "..\..\build\bundle\dist\shipdesk"

[Setup]
; never change AppId: it is how an upgrade finds the installed copy
AppId={{6F1D0C5E-52B4-4C39-9D0B-1A5E2C7B8F31}
AppName={#AppName}
AppVerName={#AppNameZh} {#AppVersion}
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=ShipDesk
AppSupportURL=https://shipdesk.example/
DefaultDirName={autopf}\ShipDesk
DefaultGroupName={#AppNameZh}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\build\installers
OutputBaseFilename=ShipDesk-{#AppVersion}-win-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
UninstallDisplayName={#AppNameZh}
UninstallDisplayIcon={app}\ShipDesk.exe
SetupLogging=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese ships with Inno Setup as an unofficial translation: used when present
#if FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; the previous version's program files (only under {app}; the data directory is elsewhere)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppNameZh}"; Filename: "{app}\ShipDesk.exe"; WorkingDir: "{app}"
Name: "{group}\{#AppNameZh} (演示 demo)"; Filename: "{app}\ShipDesk.exe"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppNameZh}"; Filename: "{app}\ShipDesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\ShipDesk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    WizardForm.StatusLabel.Caption := 'Checking the installed copy (selftest)...';
    if not Exec(ExpandConstant('{app}\shipdesk-cli.exe'), 'selftest', ExpandConstant('{app}'),
                SW_HIDE, ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
      SuppressibleMsgBox('ShipDesk was installed, but its self-test failed (code ' +
        IntToStr(ResultCode) + '). Run "shipdesk-cli selftest" in ' + ExpandConstant('{app}') +
        ' to see why, or reinstall.', mbError, MB_OK, IDOK);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    SuppressibleMsgBox('ShipDesk has been removed. Your orders database and its key were ' +
      'kept in ' + ExpandConstant('{localappdata}') + '\ShipDesk (and Windows Credential ' +
      'Manager): installing ShipDesk again opens them. Delete that folder yourself only ' +
      'after making a backup.', mbInformation, MB_OK, IDOK);
end;
