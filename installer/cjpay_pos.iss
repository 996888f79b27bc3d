; Inno Setup script: the merchant's installer for Cheongju Pay POS (청주페이 가맹점 POS).
;
; Built by .github/workflows/windows-installer.yml after PyInstaller made build\dist\cjpay-pos:
;   iscc /DAppVersion=<version from pyproject.toml> installer\cjpay_pos.iss
; Signed (installer and uninstaller) when the workflow has a signing secret: it adds
;   /DSignInstaller "/Scjpaysign=signtool sign ... /tr <timestamp URL> /td sha256 $f"
;
; - Per user, no administrator rights: a shop PC's account can install and upgrade it.
; - Korean first, English available (the installer's own language list).
; - Upgrade in place: the same AppId, the old program files replaced; the data lives in the
;   user's data folder (%LOCALAPPDATA%\CheongjuPayPOS, platformdirs), which the installer
;   never touches. The app backs the file up and migrates it on its first start.
; - Uninstall keeps the data unless the merchant ticks the box that deletes it.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z (from pyproject.toml)
#endif
; 6.3 is the first to read a UTF-8 script without BOM (the Korean below) and to know
; x64compatible; an older compiler would make an installer with broken Korean text.
#if VER < EncodeVer(6,3,0)
  #error Inno Setup 6.3 or later is needed (the workflow pins the version it uses)
#endif
#define AppName "청주페이 가맹점 POS"
#define AppExe "cjpay-pos-gui.exe"
#define ConsoleExe "cjpay-pos.exe"
; Must equal pos_app.config.APP_DIR_NAME (tests/test_installer_files.py checks it).
#define DataDirName "CheongjuPayPOS"

[Setup]
AppId={{8C4E2B1A-6F0D-4B7E-9A31-2D5C7E9F4A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Cheongju Pay POS contributors
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={userpf}\CheongjuPayPOS
DisableDirPage=auto
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
CloseApplications=yes
; The app holds this mutex while it runs (pos_app.support.app_mutex.APP_MUTEX, checked by
; tests/test_installer_files.py): setup and uninstall ask to close it before touching files.
AppMutex=CheongjuPayPOS.Running
RestartApplications=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\pos_app\resources\icons\cjpay-pos.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\build\installer
OutputBaseFilename=cjpay-pos-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
#ifdef SignInstaller
; The sign tool "cjpaysign" is defined on the iscc command line (/Scjpaysign=...) by the
; workflow, with a timestamp; the uninstaller is signed too, so removing the app does not
; meet an "unknown publisher" warning either.
SignTool=cjpaysign
SignedUninstaller=yes
#endif

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
korean.DesktopIcon=바탕 화면에 바로 가기 만들기
english.DesktopIcon=Create a desktop shortcut
korean.TrainingMode=청주페이 POS 연습 모드
english.TrainingMode=Cheongju Pay POS training mode
korean.Doctor=청주페이 POS 점검
english.Doctor=Cheongju Pay POS check-up
korean.UninstallTitle=청주페이 POS 제거
english.UninstallTitle=Remove Cheongju Pay POS
korean.KeepDataNote=프로그램을 제거합니다. 판매 기록과 백업은 %1 폴더에 그대로 남아, 다시 설치하면 이어서 쓸 수 있습니다.
english.KeepDataNote=The program will be removed. The sales records and backups stay in %1, so a new install carries on with them.
korean.RemoveData=판매 기록과 백업도 모두 삭제합니다 (되돌릴 수 없습니다)
english.RemoveData=Also delete all sales records and backups (this cannot be undone)
korean.ButtonRemove=제거
english.ButtonRemove=Remove
korean.ButtonCancel=취소
english.ButtonCancel=Cancel

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Upgrade in place: the old bundle goes first, so no library of an older build lingers.
; The data is not here (see DataDirName): it is never deleted by an install.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\build\dist\cjpay-pos\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{cm:TrainingMode}"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autoprograms}\{cm:Doctor}"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#ConsoleExe}"" doctor"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataDirName}');
end;

{ Uninstall asks once, with a box that is unticked: the data stays unless the merchant
  ticks it. A silent uninstall (an upgrade script, IT) always keeps the data. }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Check: TNewCheckBox;
  RemoveButton, CancelButton: TNewButton;
begin
  Result := True;
  RemoveData := False;
  if UninstallSilent() then
    Exit;
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(460);
    Form.ClientHeight := ScaleY(170);
    Form.Caption := CustomMessage('UninstallTitle');

    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.Left := ScaleX(16);
    Note.Top := ScaleY(16);
    Note.Width := Form.ClientWidth - ScaleX(32);
    Note.Height := ScaleY(56);
    Note.AutoSize := False;
    Note.WordWrap := True;
    Note.Caption := FmtMessage(CustomMessage('KeepDataNote'), [DataDir()]);

    Check := TNewCheckBox.Create(Form);
    Check.Parent := Form;
    Check.Left := ScaleX(16);
    Check.Top := ScaleY(84);
    Check.Width := Form.ClientWidth - ScaleX(32);
    Check.Height := ScaleY(20);
    Check.Caption := CustomMessage('RemoveData');
    Check.Checked := False;

    RemoveButton := TNewButton.Create(Form);
    RemoveButton.Parent := Form;
    RemoveButton.Caption := CustomMessage('ButtonRemove');
    RemoveButton.Width := ScaleX(90);
    RemoveButton.Height := ScaleY(26);
    RemoveButton.Left := Form.ClientWidth - ScaleX(16 + 90 + 8 + 90);
    RemoveButton.Top := Form.ClientHeight - ScaleY(16 + 26);
    RemoveButton.ModalResult := mrOk;
    RemoveButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := CustomMessage('ButtonCancel');
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 90);
    CancelButton.Top := Form.ClientHeight - ScaleY(16 + 26);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := CancelButton;
    Result := Form.ShowModal() = mrOk;
    RemoveData := Result and Check.Checked;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveData then
    DelTree(DataDir(), True, True, True);
end;
