<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <name>Proto::Application</name>
        <message>
            <source>Proto Desktop: hand work to AI agents and watch and steer them while they operate real computers.

Data folder: $PROTO_DESKTOP_HOME, else %1.</source>
            <translation>Proto Desktop: Übergeben Sie Arbeit an KI-Agenten und beobachten und lenken Sie sie, während sie echte Computer bedienen.

Datenordner: $PROTO_DESKTOP_HOME, sonst %1.</translation>
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
            <source>Could not save to the database %1: %2. %n change(s) are kept and retried.</source>
            <translation>
                <numerusform>Speichern in die Datenbank %1 fehlgeschlagen: %2. %n Änderung wird aufbewahrt und erneut versucht.</numerusform>
                <numerusform>Speichern in die Datenbank %1 fehlgeschlagen: %2. %n Änderungen werden aufbewahrt und erneut versucht.</numerusform>
            </translation>
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
    </context>
</TS>
