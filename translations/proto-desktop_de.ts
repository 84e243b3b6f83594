<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>CappedText</name>
        <message>
            <source>

[... %1 of %2 characters cut from the middle of the output ...]

</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>EditTool</name>
        <message>
            <source>Replace text in a file. old_str must match the file exactly (whitespace and indentation included) and occur exactly once, unless replace_all is true. Returns a snippet of the result; the change is shown to the user as a diff.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MachineJob</name>
        <message>
            <source>No such file or directory</source>
            <translation>Datei oder Ordner nicht gefunden</translation>
        </message>
        <message>
            <source>Permission denied</source>
            <translation>Zugriff verweigert</translation>
        </message>
        <message>
            <source>Already exists</source>
            <translation>Existiert bereits</translation>
        </message>
        <message>
            <source>Is a directory</source>
            <translation>Ist ein Ordner</translation>
        </message>
        <message>
            <source>Not a directory</source>
            <translation>Ist kein Ordner</translation>
        </message>
        <message>
            <source>Too large</source>
            <translation>Zu groß</translation>
        </message>
        <message>
            <source>Timed out</source>
            <translation>Zeitüberschreitung</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Abgebrochen</translation>
        </message>
        <message>
            <source>Connection lost</source>
            <translation>Verbindung verloren</translation>
        </message>
        <message>
            <source>Not supported on this machine</source>
            <translation>Auf dieser Maschine nicht unterstützt</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Fehlgeschlagen</translation>
        </message>
    </context>
    <context>
        <name>Proto</name>
        <message>
            <source> [... line cut]</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No matches for %1 in %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Some files could not be searched: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>grep %1: no matches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(Stopped after %1 matching lines; narrow the search with path or glob.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>grep %1: %2 matches in %3 files</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled by the user.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The search failed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Invalid regular expression %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot search %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 "%2" is not a valid revision (it must not be empty or start with '-').</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 contains a space or control character.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>"%1" is not a valid branch name.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::Application</name>
        <message>
            <source>Proto Desktop: hand work to AI agents and watch and steer them while they operate real computers.

Data folder: $PROTO_DESKTOP_HOME, else %1.</source>
            <translation>Proto Desktop: Übergeben Sie Arbeit an KI-Agenten und beobachten und lenken Sie sie, während sie echte Computer bedienen.

Datenordner: $PROTO_DESKTOP_HOME, sonst %1.</translation>
        </message>
    </context>
    <context>
        <name>Proto::BashTool</name>
        <message>
            <source>Run a shell command (bash) in the session folder. Each call starts fresh in that folder; stdin is empty. stdout and stderr are returned together, with the exit code when it is not 0. Long output is cut in the middle. timeout is in milliseconds (default 120000, at most 600000); on timeout the command and everything it started are killed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The shell has been restarted.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restarted the shell</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No command given.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>[Timed out after %1 ms; the command and every process it started were killed.]</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Timed out: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>[Cancelled by the user; the command and every process it started were killed.]</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The command could not run: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>[Killed by signal %1]</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>[Exit code %1]</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no output)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (signal %2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (exit %2)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::GitTool</name>
        <message>
            <source>Run git in the session folder. subcommand: status; diff (staged, ref, paths); log (max_count, ref, paths); commit (message, optional paths to add and commit, or all to commit every tracked change); branch (action list, create, switch or delete; name).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>paths contains an empty path.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is outside the session folder %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>commit needs a non-empty message.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown git subcommand "%1".</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>git %1 did not complete: %2
%3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>git %1 failed (exit code %2):
%3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no output)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>git %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::GlobTool</name>
        <message>
            <source>Find files by name pattern, newest first. Patterns: ** matches any folders, * and ? within a name, [abc] classes, {a,b} alternatives (e.g. "src/**/*.{cpp,h}"). path (default: the session folder) is where the search starts. Hidden files only match patterns that name them; .git is skipped.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Invalid pattern %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No files match %1 in %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Glob %1: no matches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(%1 more files not shown; narrow the pattern.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(The search stopped after looking at %1 entries; results may be incomplete.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Glob %1: %2 files</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::GrepTool</name>
        <message>
            <source>Search file contents with a regular expression (ripgrep syntax). Returns matching lines as path:line:text, sorted by path. Options: path (file or folder, default the session folder), glob (filter file names, e.g. "*.cpp"), context (lines around each match), case_insensitive, files_only (list matching files only).</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::LocalCommandJob</name>
        <message>
            <source>Timed out after %1 s; the command and its children were killed</source>
            <translation>Zeitüberschreitung nach %1 s; der Befehl und seine Kindprozesse wurden beendet</translation>
        </message>
        <message>
            <source>Working directory does not exist: %1</source>
            <translation>Arbeitsordner existiert nicht: %1</translation>
        </message>
        <message>
            <source>Could not start /bin/sh: %1</source>
            <translation>/bin/sh konnte nicht gestartet werden: %1</translation>
        </message>
    </context>
    <context>
        <name>Proto::LocalFileOps</name>
        <message>
            <source>Not an absolute path: %1</source>
            <translation>Kein absoluter Pfad: %1</translation>
        </message>
        <message>
            <source>Path contains a NUL character</source>
            <translation>Pfad enthält ein NUL-Zeichen</translation>
        </message>
        <message>
            <source>Negative offset %1 for %2</source>
            <translation>Negativer Versatz %1 für %2</translation>
        </message>
        <message>
            <source>%1: not a regular file</source>
            <translation>%1: keine reguläre Datei</translation>
        </message>
        <message>
            <source>%1: reading %2 bytes at once is more than the limit of %3</source>
            <translation>%1: %2 Bytes auf einmal zu lesen überschreitet die Grenze von %3</translation>
        </message>
        <message>
            <source>%1 is larger than the read limit of %2 bytes</source>
            <translation>%1 ist größer als die Lesegrenze von %2 Bytes</translation>
        </message>
        <message>
            <source>Refusing to remove /</source>
            <translation>/ wird nicht entfernt</translation>
        </message>
        <message>
            <source>%1: directory not empty</source>
            <translation>%1: Ordner ist nicht leer</translation>
        </message>
        <message>
            <source>Cannot move %1 to another file system</source>
            <translation>%1 kann nicht in ein anderes Dateisystem verschoben werden</translation>
        </message>
    </context>
    <context>
        <name>Proto::LocalMachine</name>
        <message>
            <source>This computer</source>
            <translation>Dieser Computer</translation>
        </message>
    </context>
    <context>
        <name>Proto::MainWindow</name>
        <message>
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <source>Could not save a change: %1</source>
            <translation>Eine Änderung konnte nicht gespeichert werden: %1</translation>
        </message>
        <message>
            <source>&amp;New Session…</source>
            <translation>&amp;Neue Sitzung …</translation>
        </message>
        <message>
            <source>Start a new session on a machine and folder</source>
            <translation>Eine neue Sitzung auf einer Maschine in einem Ordner beginnen</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Einstellungen …</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Beenden</translation>
        </message>
        <message>
            <source>&amp;Find Session</source>
            <translation>Sitzung &amp;suchen</translation>
        </message>
        <message>
            <source>&amp;Copy Working Folder Path</source>
            <translation>Pfad des Arbeitsordners &amp;kopieren</translation>
        </message>
        <message>
            <source>Show &amp;Sidebar</source>
            <translation>&amp;Seitenleiste anzeigen</translation>
        </message>
        <message>
            <source>Show &amp;Archived Sessions</source>
            <translation>&amp;Archivierte Sitzungen anzeigen</translation>
        </message>
        <message>
            <source>&amp;Full Screen</source>
            <translation>&amp;Vollbild</translation>
        </message>
        <message>
            <source>&amp;Rename</source>
            <translation>&amp;Umbenennen</translation>
        </message>
        <message>
            <source>&amp;Delete…</source>
            <translation>&amp;Löschen …</translation>
        </message>
        <message>
            <source>&amp;Archive</source>
            <translation>&amp;Archivieren</translation>
        </message>
        <message>
            <source>&amp;About Proto Desktop</source>
            <translation>Ü&amp;ber Proto Desktop</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Datei</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Bearbeiten</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Ansicht</translation>
        </message>
        <message>
            <source>&amp;Session</source>
            <translation>&amp;Sitzung</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hilfe</translation>
        </message>
        <message>
            <source>Created “%1”.</source>
            <translation>„%1“ erstellt.</translation>
        </message>
        <message>
            <source>Delete Session</source>
            <translation>Sitzung löschen</translation>
        </message>
        <message>
            <source>Delete “%1”?</source>
            <translation>„%1“ löschen?</translation>
        </message>
        <message>
            <source>Its conversation, tool calls and usage records are removed from this computer. Files the agent changed stay as they are. This cannot be undone.</source>
            <translation>Ihr Gesprächsverlauf, ihre Werkzeugaufrufe und Verbrauchsdaten werden von diesem Computer entfernt. Vom Agenten geänderte Dateien bleiben, wie sie sind. Das lässt sich nicht rückgängig machen.</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Löschen</translation>
        </message>
        <message>
            <source>Deleted “%1”.</source>
            <translation>„%1“ gelöscht.</translation>
        </message>
        <message>
            <source>Restored “%1” from the archive.</source>
            <translation>„%1“ aus dem Archiv geholt.</translation>
        </message>
        <message>
            <source>Archived “%1”.</source>
            <translation>„%1“ archiviert.</translation>
        </message>
        <message>
            <source>About Proto Desktop</source>
            <translation>Über Proto Desktop</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Proto Desktop %1&lt;/h3&gt;&lt;p&gt;Hand work to AI agents and watch and steer them while they operate real computers.&lt;/p&gt;&lt;p&gt;Data folder: %2&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Proto Desktop %1&lt;/h3&gt;&lt;p&gt;Übergeben Sie Arbeit an KI-Agenten und beobachten und lenken Sie sie, während sie echte Computer bedienen.&lt;/p&gt;&lt;p&gt;Datenordner: %2&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Un&amp;archive</source>
            <translation>Aus dem &amp;Archiv holen</translation>
        </message>
        <message numerus="yes">
            <source>%n session(s)</source>
            <translation>
                <numerusform>%n Sitzung</numerusform>
                <numerusform>%n Sitzungen</numerusform>
            </translation>
        </message>
        <message>
            <source>Data file: %1</source>
            <translation>Datendatei: %1</translation>
        </message>
        <message>
            <source>Could Not Save</source>
            <translation>Speichern fehlgeschlagen</translation>
        </message>
        <message>
            <source>The change could not be saved to %1.

%2</source>
            <translation>Die Änderung konnte nicht in %1 gespeichert werden.

%2</translation>
        </message>
        <message numerus="yes">
            <source>%n archived</source>
            <translation>
                <numerusform>%n archiviert</numerusform>
                <numerusform>%n archiviert</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Proto::NewSessionDialog</name>
        <message>
            <source>New Session</source>
            <translation>Neue Sitzung</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>&amp;Titel:</translation>
        </message>
        <message>
            <source>What should the agent work on?</source>
            <translation>Woran soll der Agent arbeiten?</translation>
        </message>
        <message>
            <source>&amp;Machine:</source>
            <translation>&amp;Maschine:</translation>
        </message>
        <message>
            <source>&amp;Working folder:</source>
            <translation>&amp;Arbeitsordner:</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>&amp;Durchsuchen …</translation>
        </message>
        <message>
            <source>New session</source>
            <translation>Neue Sitzung</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Working Folder</source>
            <translation>Arbeitsordner</translation>
        </message>
        <message>
            <source>There is no machine to work on. Add one first.</source>
            <translation>Es gibt keine Maschine, auf der gearbeitet werden kann. Fügen Sie zuerst eine hinzu.</translation>
        </message>
        <message>
            <source>Give the session a title.</source>
            <translation>Geben Sie der Sitzung einen Titel.</translation>
        </message>
        <message>
            <source>Choose a working folder.</source>
            <translation>Wählen Sie einen Arbeitsordner.</translation>
        </message>
        <message>
            <source>The folder “%1” does not exist.</source>
            <translation>Der Ordner „%1“ existiert nicht.</translation>
        </message>
        <message>
            <source>“%1” is not a folder.</source>
            <translation>„%1“ ist kein Ordner.</translation>
        </message>
        <message>
            <source>The folder name contains a character that is not allowed.</source>
            <translation>Der Ordnername enthält ein unzulässiges Zeichen.</translation>
        </message>
        <message>
            <source>Home folder on that machine</source>
            <translation>Persönlicher Ordner auf dieser Maschine</translation>
        </message>
    </context>
    <context>
        <name>Proto::SchemaValidator</name>
        <message>
            <source>null</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a boolean</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an integer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a string</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an array</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an object</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>nothing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: expected %2, got %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> or </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: %2 is not one of %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: %2 is less than the minimum %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: %2 is more than the maximum %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: must be at least %2 characters long</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: must be at most %2 characters long</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: needs at least %2 items</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: takes at most %2 items</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: missing required field "%2"</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1: unknown field (expected one of: %2)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::SessionItemDelegate</name>
        <message>
            <source>Archived</source>
            <translation>Archiviert</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionListModel</name>
        <message>
            <source>This computer</source>
            <translation>Dieser Computer</translation>
        </message>
        <message>
            <source>No machine</source>
            <translation>Keine Maschine</translation>
        </message>
        <message>
            <source>Unknown machine</source>
            <translation>Unbekannte Maschine</translation>
        </message>
        <message>
            <source>New session</source>
            <translation>Neue Sitzung</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>Arbeitet</translation>
        </message>
        <message>
            <source>Waiting for you</source>
            <translation>Wartet auf Sie</translation>
        </message>
        <message>
            <source>Stopped with an error</source>
            <translation>Mit Fehler angehalten</translation>
        </message>
        <message>
            <source>Idle</source>
            <translation>Bereit</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionListWidget</name>
        <message>
            <source>Search sessions</source>
            <translation>Sitzungen durchsuchen</translation>
        </message>
        <message>
            <source>Show archived</source>
            <translation>Archivierte anzeigen</translation>
        </message>
        <message>
            <source>Show archived sessions in the list</source>
            <translation>Archivierte Sitzungen in der Liste anzeigen</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sitzungen</translation>
        </message>
        <message>
            <source>No sessions yet.
Create one with New Session (%1).</source>
            <translation>Noch keine Sitzungen.
Legen Sie mit „Neue Sitzung“ (%1) eine an.</translation>
        </message>
        <message>
            <source>No session matches “%1”.</source>
            <translation>Keine Sitzung passt zu „%1“.</translation>
        </message>
        <message>
            <source>Every session is archived.
Turn on “Show archived” to see them.</source>
            <translation>Alle Sitzungen sind archiviert.
Schalten Sie „Archivierte anzeigen“ ein, um sie zu sehen.</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionPage</name>
        <message>
            <source>Machine</source>
            <translation>Maschine</translation>
        </message>
        <message>
            <source>Working folder</source>
            <translation>Arbeitsordner</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Modell</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Zustand</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>Erstellt</translation>
        </message>
        <message>
            <source>Last activity</source>
            <translation>Letzte Aktivität</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unbekannt</translation>
        </message>
        <message>
            <source>Home folder</source>
            <translation>Persönlicher Ordner</translation>
        </message>
        <message>
            <source>Default model</source>
            <translation>Standardmodell</translation>
        </message>
        <message>
            <source>Archived</source>
            <translation>Archiviert</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionView</name>
        <message>
            <source>No session selected</source>
            <translation>Keine Sitzung ausgewählt</translation>
        </message>
        <message>
            <source>A session is a conversation with an agent, bound to a machine and a working folder. Pick one on the left or start a new one.</source>
            <translation>Eine Sitzung ist ein Gespräch mit einem Agenten, gebunden an eine Maschine und einen Arbeitsordner. Wählen Sie links eine aus oder beginnen Sie eine neue.</translation>
        </message>
        <message>
            <source>home folder</source>
            <translation>persönlicher Ordner</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
    </context>
    <context>
        <name>Proto::SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Einstellungen</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Allgemein</translation>
        </message>
        <message>
            <source>&amp;Appearance:</source>
            <translation>&amp;Erscheinungsbild:</translation>
        </message>
        <message>
            <source>&amp;Chat text size:</source>
            <translation>Schriftgröße im &amp;Chat:</translation>
        </message>
        <message>
            <source> pt</source>
            <translation> pt</translation>
        </message>
        <message>
            <source>&amp;Terminal text size:</source>
            <translation>Schriftgröße im &amp;Terminal:</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>Modelle</translation>
        </message>
        <message>
            <source>&amp;Default model:</source>
            <translation>&amp;Standardmodell:</translation>
        </message>
        <message>
            <source>The model id new sessions start with, as the provider names it. Leave it empty to use the provider's recommended model.</source>
            <translation>Die Modellkennung, mit der neue Sitzungen beginnen, so wie der Anbieter sie nennt. Leer lassen, um das vom Anbieter empfohlene Modell zu verwenden.</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>Grenzen</translation>
        </message>
        <message>
            <source>Spend limit per &amp;session:</source>
            <translation>Ausgabengrenze je &amp;Sitzung:</translation>
        </message>
        <message>
            <source>Spend limit per &amp;day:</source>
            <translation>Ausgabengrenze je &amp;Tag:</translation>
        </message>
        <message>
            <source>Agent &amp;actions per minute:</source>
            <translation>&amp;Aktionen des Agenten je Minute:</translation>
        </message>
        <message>
            <source>An agent stops and asks you when it reaches a limit. 0 means no limit.</source>
            <translation>Erreicht ein Agent eine Grenze, hält er an und fragt Sie. 0 bedeutet keine Grenze.</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>Wie das System</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Hell</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Dunkel</translation>
        </message>
        <message>
            <source>No limit</source>
            <translation>Keine Grenze</translation>
        </message>
        <message>
            <source>Provider's recommended model</source>
            <translation>Vom Anbieter empfohlenes Modell</translation>
        </message>
    </context>
    <context>
        <name>Proto::Store</name>
        <message>
            <source>No database file was given.</source>
            <translation>Es wurde keine Datenbankdatei angegeben.</translation>
        </message>
        <message>
            <source>Cannot create the folder %1 for the database %2.</source>
            <translation>Der Ordner %1 für die Datenbank %2 kann nicht angelegt werden.</translation>
        </message>
        <message>
            <source>Cannot open the database %1: it is a folder.</source>
            <translation>Die Datenbank %1 kann nicht geöffnet werden: Sie ist ein Ordner.</translation>
        </message>
        <message>
            <source>Cannot open the database %1: %2</source>
            <translation>Die Datenbank %1 kann nicht geöffnet werden: %2</translation>
        </message>
        <message>
            <source>The database %1 is damaged (it is not an SQLite database). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.</source>
            <translation>Die Datenbank %1 ist beschädigt (sie ist keine SQLite-Datenbank). Proto Desktop hat sie nicht verändert: Spielen Sie eine Sicherung zurück oder verschieben Sie die Datei, um neu zu beginnen.</translation>
        </message>
        <message>
            <source>save the machine %1</source>
            <translation>die Maschine %1 speichern</translation>
        </message>
        <message>
            <source>remove the machine %1</source>
            <translation>die Maschine %1 entfernen</translation>
        </message>
        <message>
            <source>save the session %1</source>
            <translation>die Sitzung %1 speichern</translation>
        </message>
        <message>
            <source>remove the session %1</source>
            <translation>die Sitzung %1 entfernen</translation>
        </message>
        <message>
            <source>save the message %1</source>
            <translation>die Nachricht %1 speichern</translation>
        </message>
        <message>
            <source>save the tool call %1</source>
            <translation>den Werkzeugaufruf %1 speichern</translation>
        </message>
        <message>
            <source>record the usage of the session %1</source>
            <translation>den Verbrauch der Sitzung %1 erfassen</translation>
        </message>
        <message>
            <source>remove the setting %1</source>
            <translation>die Einstellung %1 entfernen</translation>
        </message>
        <message>
            <source>save the setting %1</source>
            <translation>die Einstellung %1 speichern</translation>
        </message>
        <message>
            <source>append to the audit log: %1</source>
            <translation>an das Prüfprotokoll anhängen: %1</translation>
        </message>
        <message>
            <source>audit row %1 is missing</source>
            <translation>Prüfprotokollzeile %1 fehlt</translation>
        </message>
        <message>
            <source>audit row %1 is out of order</source>
            <translation>Prüfprotokollzeile %1 steht an der falschen Stelle</translation>
        </message>
        <message>
            <source>audit row %1 does not follow the row before it</source>
            <translation>Prüfprotokollzeile %1 passt nicht zur Zeile davor</translation>
        </message>
        <message>
            <source>audit row %1 was changed after it was written</source>
            <translation>Prüfprotokollzeile %1 wurde nach dem Schreiben verändert</translation>
        </message>
        <message>
            <source>the audit log could not be read</source>
            <translation>das Prüfprotokoll konnte nicht gelesen werden</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Dieser Computer</translation>
        </message>
    </context>
    <context>
        <name>Proto::StoreOpener</name>
        <message>
            <source>The file is damaged or is not a Proto Desktop database. It has been left exactly as it was; keep a copy before trying to repair it.</source>
            <translation>Die Datei ist beschädigt oder keine Datenbank von Proto Desktop. Sie wurde genau so belassen, wie sie war; bewahren Sie eine Kopie auf, bevor Sie versuchen, sie zu reparieren.</translation>
        </message>
        <message>
            <source>Another program, perhaps another Proto Desktop, is using the file. Close it and retry.</source>
            <translation>Ein anderes Programm, vielleicht ein weiteres Proto Desktop, verwendet die Datei. Schließen Sie es und versuchen Sie es erneut.</translation>
        </message>
        <message>
            <source>The file was written by a newer version of Proto Desktop. Update Proto Desktop to open it; this version will not change it.</source>
            <translation>Die Datei wurde von einer neueren Version von Proto Desktop geschrieben. Aktualisieren Sie Proto Desktop, um sie zu öffnen; diese Version verändert sie nicht.</translation>
        </message>
        <message>
            <source>The file or its folder cannot be written to. Check its permissions.</source>
            <translation>In die Datei oder ihren Ordner kann nicht geschrieben werden. Prüfen Sie die Zugriffsrechte.</translation>
        </message>
        <message>
            <source>Check that the folder exists and can be written to.</source>
            <translation>Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
        </message>
        <message>
            <source>Cannot Open the Data File</source>
            <translation>Datendatei kann nicht geöffnet werden</translation>
        </message>
        <message>
            <source>Proto Desktop could not open %1.</source>
            <translation>Proto Desktop konnte %1 nicht öffnen.</translation>
        </message>
        <message>
            <source>File: %1</source>
            <translation>Datei: %1</translation>
        </message>
        <message>
            <source>Open Another Data Folder…</source>
            <translation>Anderen Datenordner öffnen …</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Beenden</translation>
        </message>
        <message>
            <source>Choose a Data Folder</source>
            <translation>Datenordner wählen</translation>
        </message>
    </context>
    <context>
        <name>Proto::TextEditorTool</name>
        <message>
            <source>View, create and edit text files. Commands: view (a file as numbered lines, view_range [start, end] with end -1 for the end; or a directory two levels deep), create (file_text), str_replace (old_str must occur exactly once; new_str), insert (insert_text after line insert_line, 0 for the top).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The %1 command needs %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>view_range [%1, %2] is invalid: lines start at 1, and the end is -1 or not before the start.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown command "%1"; use view, create, str_replace or insert.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::TextFileOps</name>
        <message>
            <source>File not found: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is a directory, not a file. List it with glob (or the text editor's view).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is a binary file; it cannot be shown as text. Inspect it with bash (for example: file, xxd | head).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(%1 is empty)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read %1 (empty)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 has %2 lines; offset %3 is past the end.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(Showing lines %1-%2 of %3%4. Use offset=%5 to read on.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> loaded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(Only the first %1 of the file were loaded.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read %1 (lines %2-%3)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Files and directories up to 2 levels deep in %1, hidden items left out:
</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(Stopped after %1 entries.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Listed %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is not a directory.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot list %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot open %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is a directory, not a file.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is too large to edit here (%2; the limit is %3).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is too large to edit here (the limit is %2).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is a binary file; text tools do not change binary files.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not write %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edited %1 (+%2 -%3)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Created %1 (%2 lines)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrote %1 (%2, replacing the previous content).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Created %1 (%2).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>old_str is empty. Give the exact text to replace (to add text, use insert or write).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>old_str and new_str are the same; nothing would change.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>old_str was not found in %1. It must match the file exactly, including whitespace and indentation; view the file to check.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>old_str occurs %1 times in %2; it must occur exactly once. Include more of the surrounding lines to make it unique%3.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>, or set replace_all to change every occurrence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The file %1 has been edited (%2 replaced). A snippet of the result (cat -n):
%3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>1 occurrence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 occurrences</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>insert_line %1 is out of range: %2 has %3 lines (use 0 to insert at the top).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Inserted %1 line(s) after line %2 of %3. A snippet of the result (cat -n):
%4</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::ToolPaths</name>
        <message>
            <source>The path is empty.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The path contains a NUL character.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 resolves to %2, which is outside the session folder %3; paths must stay inside it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot resolve %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The session folder %1 is not usable: %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Proto::ToolRegistry</name>
        <message>
            <source>Unknown tool "%1". Available tools: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown or unavailable tool "%1". Available tools: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No machine is attached to this session.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is not connected%2; try again once it is.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Invalid input for %1: %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ReadTool</name>
        <message>
            <source>Read a text file. Returns numbered lines (cat -n format), at most 2000 by default. Use offset (1-based line) and limit to read a long file in parts. Paths are relative to the session folder. Binary files are refused.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Store</name>
        <message>
            <source>The database %1 is damaged (%2). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.</source>
            <translation>Die Datenbank %1 ist beschädigt (%2). Proto Desktop hat sie nicht verändert: Spielen Sie eine Sicherung zurück oder verschieben Sie die Datei, um neu zu beginnen.</translation>
        </message>
        <message>
            <source>The database %1 is in use by another program (perhaps another Proto Desktop). Close that program and try again.</source>
            <translation>Die Datenbank %1 wird von einem anderen Programm verwendet (vielleicht einem weiteren Proto Desktop). Schließen Sie dieses Programm und versuchen Sie es erneut.</translation>
        </message>
        <message>
            <source>The database %1 cannot be written: the file is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.</source>
            <translation>In die Datenbank %1 kann nicht geschrieben werden: Die Datei ist schreibgeschützt. Machen Sie sie beschreibbar oder setzen Sie PROTO_DESKTOP_HOME auf einen beschreibbaren Ordner.</translation>
        </message>
        <message>
            <source>The database %1 cannot be written: the folder %2 is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.</source>
            <translation>In die Datenbank %1 kann nicht geschrieben werden: Der Ordner %2 ist schreibgeschützt. Machen Sie ihn beschreibbar oder setzen Sie PROTO_DESKTOP_HOME auf einen beschreibbaren Ordner.</translation>
        </message>
        <message>
            <source>The database %1 cannot be written (%2).</source>
            <translation>In die Datenbank %1 kann nicht geschrieben werden (%2).</translation>
        </message>
        <message>
            <source>Cannot open the database %1: %2</source>
            <translation>Die Datenbank %1 kann nicht geöffnet werden: %2</translation>
        </message>
        <message>
            <source>The database %1 was written by a newer version of Proto Desktop (schema %2; this version knows up to %3). Update Proto Desktop to use it; the file was not changed.</source>
            <translation>Die Datenbank %1 wurde von einer neueren Version von Proto Desktop geschrieben (Schema %2; diese Version kennt bis %3). Aktualisieren Sie Proto Desktop, um sie zu verwenden; die Datei wurde nicht verändert.</translation>
        </message>
        <message>
            <source>Cannot open the database %1: its folder does not support write-ahead logging (journal mode %2).</source>
            <translation>Die Datenbank %1 kann nicht geöffnet werden: Ihr Ordner unterstützt kein Write-Ahead-Logging (Journalmodus %2).</translation>
        </message>
        <message>
            <source>Cannot update the database %1 to the current schema: %2</source>
            <translation>Die Datenbank %1 kann nicht auf das aktuelle Schema gebracht werden: %2</translation>
        </message>
        <message numerus="yes">
            <source>Could not save %n change(s) to the database %1 before closing it: %2</source>
            <translation>
                <numerusform>%n Änderung konnte vor dem Schließen nicht in die Datenbank %1 gespeichert werden: %2</numerusform>
                <numerusform>%n Änderungen konnten vor dem Schließen nicht in die Datenbank %1 gespeichert werden: %2</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not %1 in the database %2: %3</source>
            <translation>In der Datenbank %2 fehlgeschlagen: %1: %3</translation>
        </message>
        <message>
            <source>The file %1 is another program's SQLite database, not Proto Desktop's. Proto Desktop left it untouched; choose another file.</source>
            <translation>Die Datei %1 ist die SQLite-Datenbank eines anderen Programms, nicht die von Proto Desktop. Proto Desktop hat sie nicht verändert; wählen Sie eine andere Datei.</translation>
        </message>
        <message>
            <source>Could not save to the database %1: %2. The changes are kept and will be retried.</source>
            <translation>Speichern in die Datenbank %1 fehlgeschlagen: %2. Die Änderungen werden aufbewahrt und erneut versucht.</translation>
        </message>
    </context>
    <context>
        <name>TextFiles</name>
        <message>
            <source> [... line cut, %1 characters in all]</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n byte(s)</source>
            <translation>
                <numerusform>%n Byte</numerusform>
                <numerusform>%n Bytes</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 KiB</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 MiB</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ToolJob</name>
        <message>
            <source>Cancelled by the user.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>TreeWalker</name>
        <message>
            <source>Cannot list %1: %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>WriteTool</name>
        <message>
            <source>Create a text file or replace its whole content. Missing parent folders are created. The write is atomic and keeps the file's permissions. Prefer edit for changing part of an existing file.</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
