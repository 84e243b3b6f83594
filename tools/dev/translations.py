#!/usr/bin/env python3
"""Fills translations/proto-desktop_{de,fr}.ts from the tables below (run after lupdate:
`tools/env cmake --build build --target update_translations && tools/dev/translations.py`).
Strings missing from a table stay unfinished, and the script lists them."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

DE = {
    # MachineJob
    "No such file or directory": "Datei oder Ordner nicht gefunden",
    "Permission denied": "Zugriff verweigert",
    "Already exists": "Existiert bereits",
    "Is a directory": "Ist ein Ordner",
    "Not a directory": "Ist kein Ordner",
    "Too large": "Zu groß",
    "Timed out": "Zeitüberschreitung",
    "Cancelled": "Abgebrochen",
    "Connection lost": "Verbindung verloren",
    "Not supported on this machine": "Auf dieser Maschine nicht unterstützt",
    "Failed": "Fehlgeschlagen",
    # MainWindow
    "Agent": "Agent",
    "Could not save a change: %1": "Eine Änderung konnte nicht gespeichert werden: %1",
    "&New Session…": "&Neue Sitzung …",
    "Start a new session on a machine and folder": "Eine neue Sitzung auf einer Maschine in einem Ordner beginnen",
    "&Settings…": "&Einstellungen …",
    "&Quit": "&Beenden",
    "&Find Session": "Sitzung &suchen",
    "&Copy Working Folder Path": "Pfad des Arbeitsordners &kopieren",
    "Show &Sidebar": "&Seitenleiste anzeigen",
    "Show &Archived Sessions": "&Archivierte Sitzungen anzeigen",
    "&Full Screen": "&Vollbild",
    "&Rename": "&Umbenennen",
    "&Delete…": "&Löschen …",
    "&Archive": "&Archivieren",
    "&About Proto Desktop": "Ü&ber Proto Desktop",
    "&File": "&Datei",
    "&Edit": "&Bearbeiten",
    "&View": "&Ansicht",
    "&Session": "&Sitzung",
    "&Help": "&Hilfe",
    "Created “%1”.": "„%1“ erstellt.",
    "Delete Session": "Sitzung löschen",
    "Delete “%1”?": "„%1“ löschen?",
    "Its conversation, tool calls and usage records are removed from this computer. Files the agent changed stay as they are. This cannot be undone.":
        "Ihr Gesprächsverlauf, ihre Werkzeugaufrufe und Verbrauchsdaten werden von diesem Computer entfernt. Vom Agenten geänderte Dateien bleiben, wie sie sind. Das lässt sich nicht rückgängig machen.",
    "Delete": "Löschen",
    "Deleted “%1”.": "„%1“ gelöscht.",
    "Restored “%1” from the archive.": "„%1“ aus dem Archiv geholt.",
    "Archived “%1”.": "„%1“ archiviert.",
    "About Proto Desktop": "Über Proto Desktop",
    "<h3>Proto Desktop %1</h3><p>Hand work to AI agents and watch and steer them while they operate real computers.</p><p>Data folder: %2</p>":
        "<h3>Proto Desktop %1</h3><p>Übergeben Sie Arbeit an KI-Agenten und beobachten und lenken Sie sie, während sie echte Computer bedienen.</p><p>Datenordner: %2</p>",
    "Un&archive": "Aus dem &Archiv holen",
    "%n session(s)": ["%n Sitzung", "%n Sitzungen"],
    "%n archived": ["%n archiviert", "%n archiviert"],
    "%n byte(s)": ["%n Byte", "%n Bytes"],
    "Data file: %1": "Datendatei: %1",
    "Could Not Save": "Speichern fehlgeschlagen",
    "The change could not be saved to %1.\n\n%2": "Die Änderung konnte nicht in %1 gespeichert werden.\n\n%2",
    # NewSessionDialog
    "New Session": "Neue Sitzung",
    "&Title:": "&Titel:",
    "What should the agent work on?": "Woran soll der Agent arbeiten?",
    "&Machine:": "&Maschine:",
    "&Working folder:": "&Arbeitsordner:",
    "&Browse…": "&Durchsuchen …",
    "New session": "Neue Sitzung",
    "%1 (%2)": "%1 (%2)",
    "Working Folder": "Arbeitsordner",
    "There is no machine to work on. Add one first.": "Es gibt keine Maschine, auf der gearbeitet werden kann. Fügen Sie zuerst eine hinzu.",
    "Give the session a title.": "Geben Sie der Sitzung einen Titel.",
    "Choose a working folder.": "Wählen Sie einen Arbeitsordner.",
    "The folder “%1” does not exist.": "Der Ordner „%1“ existiert nicht.",
    "“%1” is not a folder.": "„%1“ ist kein Ordner.",
    "The folder name contains a character that is not allowed.": "Der Ordnername enthält ein unzulässiges Zeichen.",
    "Home folder on that machine": "Persönlicher Ordner auf dieser Maschine",
    # list, page, view
    "Archived": "Archiviert",
    "This computer": "Dieser Computer",
    "No machine": "Keine Maschine",
    "Unknown machine": "Unbekannte Maschine",
    "Working": "Arbeitet",
    "Waiting for you": "Wartet auf Sie",
    "Stopped with an error": "Mit Fehler angehalten",
    "Idle": "Bereit",
    "Search sessions": "Sitzungen durchsuchen",
    "Show archived": "Archivierte anzeigen",
    "Show archived sessions in the list": "Archivierte Sitzungen in der Liste anzeigen",
    "Sessions": "Sitzungen",
    "No sessions yet.\nCreate one with New Session (%1).": "Noch keine Sitzungen.\nLegen Sie mit „Neue Sitzung“ (%1) eine an.",
    "No session matches “%1”.": "Keine Sitzung passt zu „%1“.",
    "Every session is archived.\nTurn on “Show archived” to see them.": "Alle Sitzungen sind archiviert.\nSchalten Sie „Archivierte anzeigen“ ein, um sie zu sehen.",
    "Machine": "Maschine",
    "Working folder": "Arbeitsordner",
    "Model": "Modell",
    "State": "Zustand",
    "Created": "Erstellt",
    "Last activity": "Letzte Aktivität",
    "Unknown": "Unbekannt",
    "Home folder": "Persönlicher Ordner",
    "Default model": "Standardmodell",
    "No session selected": "Keine Sitzung ausgewählt",
    "A session is a conversation with an agent, bound to a machine and a working folder. Pick one on the left or start a new one.":
        "Eine Sitzung ist ein Gespräch mit einem Agenten, gebunden an eine Maschine und einen Arbeitsordner. Wählen Sie links eine aus oder beginnen Sie eine neue.",
    "home folder": "persönlicher Ordner",
    "%1 — %2": "%1 — %2",
    # SettingsDialog
    "Settings": "Einstellungen",
    "General": "Allgemein",
    "&Appearance:": "&Erscheinungsbild:",
    "&Chat text size:": "Schriftgröße im &Chat:",
    " pt": " pt",
    "&Terminal text size:": "Schriftgröße im &Terminal:",
    "Models": "Modelle",
    "&Default model:": "&Standardmodell:",
    "The model id new sessions start with, as the provider names it. Leave it empty to use the provider's recommended model.":
        "Die Modellkennung, mit der neue Sitzungen beginnen, so wie der Anbieter sie nennt. Leer lassen, um das vom Anbieter empfohlene Modell zu verwenden.",
    "Limits": "Grenzen",
    "Spend limit per &session:": "Ausgabengrenze je &Sitzung:",
    "Spend limit per &day:": "Ausgabengrenze je &Tag:",
    "Agent &actions per minute:": "&Aktionen des Agenten je Minute:",
    "An agent stops and asks you when it reaches a limit. 0 means no limit.": "Erreicht ein Agent eine Grenze, hält er an und fragt Sie. 0 bedeutet keine Grenze.",
    "Follow the system": "Wie das System",
    "Light": "Hell",
    "Dark": "Dunkel",
    "No limit": "Keine Grenze",
    "Provider's recommended model": "Vom Anbieter empfohlenes Modell",
    # Store
    "No database file was given.": "Es wurde keine Datenbankdatei angegeben.",
    "Cannot create the folder %1 for the database %2.": "Der Ordner %1 für die Datenbank %2 kann nicht angelegt werden.",
    "Cannot open the database %1: it is a folder.": "Die Datenbank %1 kann nicht geöffnet werden: Sie ist ein Ordner.",
    "Cannot open the database %1: %2": "Die Datenbank %1 kann nicht geöffnet werden: %2",
    "The database %1 is damaged (it is not an SQLite database). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.":
        "Die Datenbank %1 ist beschädigt (sie ist keine SQLite-Datenbank). Proto Desktop hat sie nicht verändert: Spielen Sie eine Sicherung zurück oder verschieben Sie die Datei, um neu zu beginnen.",
    "save the machine %1": "die Maschine %1 speichern",
    "remove the machine %1": "die Maschine %1 entfernen",
    "save the session %1": "die Sitzung %1 speichern",
    "remove the session %1": "die Sitzung %1 entfernen",
    "save the message %1": "die Nachricht %1 speichern",
    "save the tool call %1": "den Werkzeugaufruf %1 speichern",
    "record the usage of the session %1": "den Verbrauch der Sitzung %1 erfassen",
    "remove the setting %1": "die Einstellung %1 entfernen",
    "save the setting %1": "die Einstellung %1 speichern",
    "append to the audit log: %1": "an das Prüfprotokoll anhängen: %1",
    "audit row %1 is missing": "Prüfprotokollzeile %1 fehlt",
    "audit row %1 is out of order": "Prüfprotokollzeile %1 steht an der falschen Stelle",
    "audit row %1 does not follow the row before it": "Prüfprotokollzeile %1 passt nicht zur Zeile davor",
    "audit row %1 was changed after it was written": "Prüfprotokollzeile %1 wurde nach dem Schreiben verändert",
    "the audit log could not be read": "das Prüfprotokoll konnte nicht gelesen werden",
    "The database %1 is damaged (%2). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.":
        "Die Datenbank %1 ist beschädigt (%2). Proto Desktop hat sie nicht verändert: Spielen Sie eine Sicherung zurück oder verschieben Sie die Datei, um neu zu beginnen.",
    "The database %1 is in use by another program (perhaps another Proto Desktop). Close that program and try again.":
        "Die Datenbank %1 wird von einem anderen Programm verwendet (vielleicht einem weiteren Proto Desktop). Schließen Sie dieses Programm und versuchen Sie es erneut.",
    "The database %1 cannot be written: the file is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.":
        "In die Datenbank %1 kann nicht geschrieben werden: Die Datei ist schreibgeschützt. Machen Sie sie beschreibbar oder setzen Sie PROTO_DESKTOP_HOME auf einen beschreibbaren Ordner.",
    "The database %1 cannot be written: the folder %2 is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.":
        "In die Datenbank %1 kann nicht geschrieben werden: Der Ordner %2 ist schreibgeschützt. Machen Sie ihn beschreibbar oder setzen Sie PROTO_DESKTOP_HOME auf einen beschreibbaren Ordner.",
    "The database %1 cannot be written (%2).": "In die Datenbank %1 kann nicht geschrieben werden (%2).",
    "The database %1 was written by a newer version of Proto Desktop (schema %2; this version knows up to %3). Update Proto Desktop to use it; the file was not changed.":
        "Die Datenbank %1 wurde von einer neueren Version von Proto Desktop geschrieben (Schema %2; diese Version kennt bis %3). Aktualisieren Sie Proto Desktop, um sie zu verwenden; die Datei wurde nicht verändert.",
    "Cannot open the database %1: its folder does not support write-ahead logging (journal mode %2).":
        "Die Datenbank %1 kann nicht geöffnet werden: Ihr Ordner unterstützt kein Write-Ahead-Logging (Journalmodus %2).",
    "Cannot update the database %1 to the current schema: %2": "Die Datenbank %1 kann nicht auf das aktuelle Schema gebracht werden: %2",
    "Could not save to the database %1: %2. %n change(s) are kept and retried.": [
        "Speichern in die Datenbank %1 fehlgeschlagen: %2. %n Änderung wird aufbewahrt und erneut versucht.",
        "Speichern in die Datenbank %1 fehlgeschlagen: %2. %n Änderungen werden aufbewahrt und erneut versucht."],
    "Could not save %n change(s) to the database %1 before closing it: %2": [
        "%n Änderung konnte vor dem Schließen nicht in die Datenbank %1 gespeichert werden: %2",
        "%n Änderungen konnten vor dem Schließen nicht in die Datenbank %1 gespeichert werden: %2"],
    "Could not %1 in the database %2: %3": "In der Datenbank %2 fehlgeschlagen: %1: %3",
    # Store (later additions)
    "The file %1 is another program's SQLite database, not Proto Desktop's. Proto Desktop left it untouched; choose another file.":
        "Die Datei %1 ist die SQLite-Datenbank eines anderen Programms, nicht die von Proto Desktop. Proto Desktop hat sie nicht verändert; wählen Sie eine andere Datei.",
    "Could not save to the database %1: %2. The changes are kept and will be retried.":
        "Speichern in die Datenbank %1 fehlgeschlagen: %2. Die Änderungen werden aufbewahrt und erneut versucht.",
    # LocalMachine
    "Timed out after %1 s; the command and its children were killed": "Zeitüberschreitung nach %1 s; der Befehl und seine Kindprozesse wurden beendet",
    "Working directory does not exist: %1": "Arbeitsordner existiert nicht: %1",
    "Could not start /bin/sh: %1": "/bin/sh konnte nicht gestartet werden: %1",
    "Not an absolute path: %1": "Kein absoluter Pfad: %1",
    "Path contains a NUL character": "Pfad enthält ein NUL-Zeichen",
    "Negative offset %1 for %2": "Negativer Versatz %1 für %2",
    "%1: not a regular file": "%1: keine reguläre Datei",
    "%1: reading %2 bytes at once is more than the limit of %3": "%1: %2 Bytes auf einmal zu lesen überschreitet die Grenze von %3",
    "%1 is larger than the read limit of %2 bytes": "%1 ist größer als die Lesegrenze von %2 Bytes",
    "Refusing to remove /": "/ wird nicht entfernt",
    "%1: directory not empty": "%1: Ordner ist nicht leer",
    "Cannot move %1 to another file system": "%1 kann nicht in ein anderes Dateisystem verschoben werden",
    # StoreOpener
    "The file is damaged or is not a Proto Desktop database. It has been left exactly as it was; keep a copy before trying to repair it.":
        "Die Datei ist beschädigt oder keine Datenbank von Proto Desktop. Sie wurde genau so belassen, wie sie war; bewahren Sie eine Kopie auf, bevor Sie versuchen, sie zu reparieren.",
    "Another program, perhaps another Proto Desktop, is using the file. Close it and retry.":
        "Ein anderes Programm, vielleicht ein weiteres Proto Desktop, verwendet die Datei. Schließen Sie es und versuchen Sie es erneut.",
    "The file was written by a newer version of Proto Desktop. Update Proto Desktop to open it; this version will not change it.":
        "Die Datei wurde von einer neueren Version von Proto Desktop geschrieben. Aktualisieren Sie Proto Desktop, um sie zu öffnen; diese Version verändert sie nicht.",
    "The file or its folder cannot be written to. Check its permissions.": "In die Datei oder ihren Ordner kann nicht geschrieben werden. Prüfen Sie die Zugriffsrechte.",
    "Check that the folder exists and can be written to.": "Prüfen Sie, ob der Ordner existiert und beschreibbar ist.",
    "Cannot Open the Data File": "Datendatei kann nicht geöffnet werden",
    "Proto Desktop could not open %1.": "Proto Desktop konnte %1 nicht öffnen.",
    "File: %1": "Datei: %1",
    "Open Another Data Folder…": "Anderen Datenordner öffnen …",
    "Quit": "Beenden",
    "Choose a Data Folder": "Datenordner wählen",
    # command line
    "Proto Desktop: hand work to AI agents and watch and steer them while they operate real computers.\n\nData folder: $PROTO_DESKTOP_HOME, else %1.":
        "Proto Desktop: Übergeben Sie Arbeit an KI-Agenten und beobachten und lenken Sie sie, während sie echte Computer bedienen.\n\nDatenordner: $PROTO_DESKTOP_HOME, sonst %1.",
}

FR = {
    "No such file or directory": "Fichier ou dossier introuvable",
    "Permission denied": "Permission refusée",
    "Already exists": "Existe déjà",
    "Is a directory": "Est un dossier",
    "Not a directory": "N’est pas un dossier",
    "Too large": "Trop volumineux",
    "Timed out": "Délai dépassé",
    "Cancelled": "Annulé",
    "Connection lost": "Connexion perdue",
    "Not supported on this machine": "Non pris en charge sur cette machine",
    "Failed": "Échec",
    "Agent": "Agent",
    "Could not save a change: %1": "Impossible d’enregistrer une modification : %1",
    "&New Session…": "&Nouvelle session…",
    "Start a new session on a machine and folder": "Démarrer une nouvelle session sur une machine et dans un dossier",
    "&Settings…": "&Paramètres…",
    "&Quit": "&Quitter",
    "&Find Session": "&Rechercher une session",
    "&Copy Working Folder Path": "&Copier le chemin du dossier de travail",
    "Show &Sidebar": "Afficher le panneau &latéral",
    "Show &Archived Sessions": "Afficher les sessions &archivées",
    "&Full Screen": "&Plein écran",
    "&Rename": "&Renommer",
    "&Delete…": "&Supprimer…",
    "&Archive": "&Archiver",
    "&About Proto Desktop": "À &propos de Proto Desktop",
    "&File": "&Fichier",
    "&Edit": "É&dition",
    "&View": "&Affichage",
    "&Session": "&Session",
    "&Help": "Ai&de",
    "Created “%1”.": "« %1 » créée.",
    "Delete Session": "Supprimer la session",
    "Delete “%1”?": "Supprimer « %1 » ?",
    "Its conversation, tool calls and usage records are removed from this computer. Files the agent changed stay as they are. This cannot be undone.":
        "Sa conversation, ses appels d’outils et ses relevés de consommation sont supprimés de cet ordinateur. Les fichiers modifiés par l’agent restent tels quels. Cette action est irréversible.",
    "Delete": "Supprimer",
    "Deleted “%1”.": "« %1 » supprimée.",
    "Restored “%1” from the archive.": "« %1 » sortie des archives.",
    "Archived “%1”.": "« %1 » archivée.",
    "About Proto Desktop": "À propos de Proto Desktop",
    "<h3>Proto Desktop %1</h3><p>Hand work to AI agents and watch and steer them while they operate real computers.</p><p>Data folder: %2</p>":
        "<h3>Proto Desktop %1</h3><p>Confiez du travail à des agents d’IA, observez-les et guidez-les pendant qu’ils utilisent de vrais ordinateurs.</p><p>Dossier de données : %2</p>",
    "Un&archive": "&Désarchiver",
    "%n session(s)": ["%n session", "%n sessions"],
    "%n archived": ["%n archivée", "%n archivées"],
    "%n byte(s)": ["%n octet", "%n octets"],
    "Data file: %1": "Fichier de données : %1",
    "Could Not Save": "Échec de l’enregistrement",
    "The change could not be saved to %1.\n\n%2": "La modification n’a pas pu être enregistrée dans %1.\n\n%2",
    "New Session": "Nouvelle session",
    "&Title:": "&Titre :",
    "What should the agent work on?": "Sur quoi l’agent doit-il travailler ?",
    "&Machine:": "&Machine :",
    "&Working folder:": "&Dossier de travail :",
    "&Browse…": "&Parcourir…",
    "New session": "Nouvelle session",
    "%1 (%2)": "%1 (%2)",
    "Working Folder": "Dossier de travail",
    "There is no machine to work on. Add one first.": "Aucune machine sur laquelle travailler. Ajoutez-en d’abord une.",
    "Give the session a title.": "Donnez un titre à la session.",
    "Choose a working folder.": "Choisissez un dossier de travail.",
    "The folder “%1” does not exist.": "Le dossier « %1 » n’existe pas.",
    "“%1” is not a folder.": "« %1 » n’est pas un dossier.",
    "The folder name contains a character that is not allowed.": "Le nom du dossier contient un caractère interdit.",
    "Home folder on that machine": "Dossier personnel sur cette machine",
    "Archived": "Archivée",
    "This computer": "Cet ordinateur",
    "No machine": "Aucune machine",
    "Unknown machine": "Machine inconnue",
    "Working": "Au travail",
    "Waiting for you": "Vous attend",
    "Stopped with an error": "Arrêtée sur une erreur",
    "Idle": "Inactive",
    "Search sessions": "Rechercher des sessions",
    "Show archived": "Afficher les archivées",
    "Show archived sessions in the list": "Afficher les sessions archivées dans la liste",
    "Sessions": "Sessions",
    "No sessions yet.\nCreate one with New Session (%1).": "Aucune session pour l’instant.\nCréez-en une avec « Nouvelle session » (%1).",
    "No session matches “%1”.": "Aucune session ne correspond à « %1 ».",
    "Every session is archived.\nTurn on “Show archived” to see them.": "Toutes les sessions sont archivées.\nActivez « Afficher les archivées » pour les voir.",
    "Machine": "Machine",
    "Working folder": "Dossier de travail",
    "Model": "Modèle",
    "State": "État",
    "Created": "Créée le",
    "Last activity": "Dernière activité",
    "Unknown": "Inconnu",
    "Home folder": "Dossier personnel",
    "Default model": "Modèle par défaut",
    "No session selected": "Aucune session sélectionnée",
    "A session is a conversation with an agent, bound to a machine and a working folder. Pick one on the left or start a new one.":
        "Une session est une conversation avec un agent, liée à une machine et à un dossier de travail. Choisissez-en une à gauche ou commencez-en une nouvelle.",
    "home folder": "dossier personnel",
    "%1 — %2": "%1 — %2",
    "Settings": "Paramètres",
    "General": "Général",
    "&Appearance:": "&Apparence :",
    "&Chat text size:": "Taille du texte de la &discussion :",
    " pt": " pt",
    "&Terminal text size:": "Taille du texte du &terminal :",
    "Models": "Modèles",
    "&Default model:": "Modèle par &défaut :",
    "The model id new sessions start with, as the provider names it. Leave it empty to use the provider's recommended model.":
        "L’identifiant du modèle avec lequel démarrent les nouvelles sessions, tel que le fournisseur le nomme. Laissez vide pour utiliser le modèle recommandé par le fournisseur.",
    "Limits": "Limites",
    "Spend limit per &session:": "Limite de dépense par &session :",
    "Spend limit per &day:": "Limite de dépense par &jour :",
    "Agent &actions per minute:": "&Actions de l’agent par minute :",
    "An agent stops and asks you when it reaches a limit. 0 means no limit.": "Un agent s’arrête et vous demande quand il atteint une limite. 0 signifie aucune limite.",
    "Follow the system": "Comme le système",
    "Light": "Clair",
    "Dark": "Sombre",
    "No limit": "Aucune limite",
    "Provider's recommended model": "Modèle recommandé par le fournisseur",
    "No database file was given.": "Aucun fichier de base de données n’a été indiqué.",
    "Cannot create the folder %1 for the database %2.": "Impossible de créer le dossier %1 pour la base de données %2.",
    "Cannot open the database %1: it is a folder.": "Impossible d’ouvrir la base de données %1 : c’est un dossier.",
    "Cannot open the database %1: %2": "Impossible d’ouvrir la base de données %1 : %2",
    "The database %1 is damaged (it is not an SQLite database). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.":
        "La base de données %1 est endommagée (ce n’est pas une base SQLite). Proto Desktop ne l’a pas modifiée : restaurez une sauvegarde ou déplacez le fichier pour repartir de zéro.",
    "save the machine %1": "enregistrer la machine %1",
    "remove the machine %1": "supprimer la machine %1",
    "save the session %1": "enregistrer la session %1",
    "remove the session %1": "supprimer la session %1",
    "save the message %1": "enregistrer le message %1",
    "save the tool call %1": "enregistrer l’appel d’outil %1",
    "record the usage of the session %1": "enregistrer la consommation de la session %1",
    "remove the setting %1": "supprimer le paramètre %1",
    "save the setting %1": "enregistrer le paramètre %1",
    "append to the audit log: %1": "ajouter au journal d’audit : %1",
    "audit row %1 is missing": "la ligne d’audit %1 manque",
    "audit row %1 is out of order": "la ligne d’audit %1 n’est pas à sa place",
    "audit row %1 does not follow the row before it": "la ligne d’audit %1 ne suit pas la ligne précédente",
    "audit row %1 was changed after it was written": "la ligne d’audit %1 a été modifiée après son écriture",
    "the audit log could not be read": "le journal d’audit n’a pas pu être lu",
    "The database %1 is damaged (%2). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.":
        "La base de données %1 est endommagée (%2). Proto Desktop ne l’a pas modifiée : restaurez une sauvegarde ou déplacez le fichier pour repartir de zéro.",
    "The database %1 is in use by another program (perhaps another Proto Desktop). Close that program and try again.":
        "La base de données %1 est utilisée par un autre programme (peut-être un autre Proto Desktop). Fermez ce programme et réessayez.",
    "The database %1 cannot be written: the file is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.":
        "Impossible d’écrire dans la base de données %1 : le fichier est en lecture seule. Rendez-le accessible en écriture ou faites pointer PROTO_DESKTOP_HOME vers un dossier accessible en écriture.",
    "The database %1 cannot be written: the folder %2 is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.":
        "Impossible d’écrire dans la base de données %1 : le dossier %2 est en lecture seule. Rendez-le accessible en écriture ou faites pointer PROTO_DESKTOP_HOME vers un dossier accessible en écriture.",
    "The database %1 cannot be written (%2).": "Impossible d’écrire dans la base de données %1 (%2).",
    "The database %1 was written by a newer version of Proto Desktop (schema %2; this version knows up to %3). Update Proto Desktop to use it; the file was not changed.":
        "La base de données %1 a été écrite par une version plus récente de Proto Desktop (schéma %2 ; cette version connaît jusqu’au %3). Mettez Proto Desktop à jour pour l’utiliser ; le fichier n’a pas été modifié.",
    "Cannot open the database %1: its folder does not support write-ahead logging (journal mode %2).":
        "Impossible d’ouvrir la base de données %1 : son dossier ne prend pas en charge la journalisation anticipée (mode de journal %2).",
    "Cannot update the database %1 to the current schema: %2": "Impossible de mettre la base de données %1 au schéma actuel : %2",
    "Could not save to the database %1: %2. %n change(s) are kept and retried.": [
        "Impossible d’enregistrer dans la base de données %1 : %2. %n modification est conservée et sera réessayée.",
        "Impossible d’enregistrer dans la base de données %1 : %2. %n modifications sont conservées et seront réessayées."],
    "Could not save %n change(s) to the database %1 before closing it: %2": [
        "Impossible d’enregistrer %n modification dans la base de données %1 avant sa fermeture : %2",
        "Impossible d’enregistrer %n modifications dans la base de données %1 avant sa fermeture : %2"],
    "Could not %1 in the database %2: %3": "Échec dans la base de données %2 : %1 : %3",
    "The file %1 is another program's SQLite database, not Proto Desktop's. Proto Desktop left it untouched; choose another file.":
        "Le fichier %1 est la base SQLite d’un autre programme, pas celle de Proto Desktop. Proto Desktop ne l’a pas modifié ; choisissez un autre fichier.",
    "Could not save to the database %1: %2. The changes are kept and will be retried.":
        "Impossible d’enregistrer dans la base de données %1 : %2. Les modifications sont conservées et seront réessayées.",
    "Timed out after %1 s; the command and its children were killed": "Délai dépassé après %1 s ; la commande et ses processus enfants ont été arrêtés",
    "Working directory does not exist: %1": "Le dossier de travail n’existe pas : %1",
    "Could not start /bin/sh: %1": "Impossible de lancer /bin/sh : %1",
    "Not an absolute path: %1": "Chemin non absolu : %1",
    "Path contains a NUL character": "Le chemin contient un caractère NUL",
    "Negative offset %1 for %2": "Décalage négatif %1 pour %2",
    "%1: not a regular file": "%1 : n’est pas un fichier ordinaire",
    "%1: reading %2 bytes at once is more than the limit of %3": "%1 : lire %2 octets d’un coup dépasse la limite de %3",
    "%1 is larger than the read limit of %2 bytes": "%1 dépasse la limite de lecture de %2 octets",
    "Refusing to remove /": "Refus de supprimer /",
    "%1: directory not empty": "%1 : dossier non vide",
    "Cannot move %1 to another file system": "Impossible de déplacer %1 vers un autre système de fichiers",
    "The file is damaged or is not a Proto Desktop database. It has been left exactly as it was; keep a copy before trying to repair it.":
        "Le fichier est endommagé ou n’est pas une base de données de Proto Desktop. Il a été laissé exactement tel quel ; gardez-en une copie avant de tenter de le réparer.",
    "Another program, perhaps another Proto Desktop, is using the file. Close it and retry.":
        "Un autre programme, peut-être un autre Proto Desktop, utilise le fichier. Fermez-le et réessayez.",
    "The file was written by a newer version of Proto Desktop. Update Proto Desktop to open it; this version will not change it.":
        "Le fichier a été écrit par une version plus récente de Proto Desktop. Mettez Proto Desktop à jour pour l’ouvrir ; cette version ne le modifiera pas.",
    "The file or its folder cannot be written to. Check its permissions.": "Impossible d’écrire dans le fichier ou dans son dossier. Vérifiez ses permissions.",
    "Check that the folder exists and can be written to.": "Vérifiez que le dossier existe et qu’il est accessible en écriture.",
    "Cannot Open the Data File": "Impossible d’ouvrir le fichier de données",
    "Proto Desktop could not open %1.": "Proto Desktop n’a pas pu ouvrir %1.",
    "File: %1": "Fichier : %1",
    "Open Another Data Folder…": "Ouvrir un autre dossier de données…",
    "Quit": "Quitter",
    "Choose a Data Folder": "Choisir un dossier de données",
    "Proto Desktop: hand work to AI agents and watch and steer them while they operate real computers.\n\nData folder: $PROTO_DESKTOP_HOME, else %1.":
        "Proto Desktop : confiez du travail à des agents d’IA, observez-les et guidez-les pendant qu’ils utilisent de vrais ordinateurs.\n\nDossier de données : $PROTO_DESKTOP_HOME, sinon %1.",
}

EN = {
    "%n byte(s)": ["%n byte", "%n bytes"],
    "%n session(s)": ["%n session", "%n sessions"],
    "%n archived": ["%n archived", "%n archived"],
    "Could not save to the database %1: %2. %n change(s) are kept and retried.": [
        "Could not save to the database %1: %2. %n change is kept and retried.",
        "Could not save to the database %1: %2. %n changes are kept and retried."],
    "Could not save %n change(s) to the database %1 before closing it: %2": [
        "Could not save %n change to the database %1 before closing it: %2",
        "Could not save %n changes to the database %1 before closing it: %2"],
}


def fill(path, table):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        value = table.get(source)
        if value is None:
            if translation.get("type") == "unfinished":
                missing.append(source)
            continue
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value]
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = value
    ET.indent(tree, space="    ")
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    return missing


root = Path(__file__).resolve().parents[2] / "translations"
status = 0
for name, table in (("proto-desktop_de.ts", DE), ("proto-desktop_fr.ts", FR), ("proto-desktop_en.ts", EN)):
    missing = fill(root / name, table)
    if missing:
        print(f"{name}: {len(missing)} string(s) left untranslated (other modules' text; see --list)")
    if "--list" in sys.argv:
        for source in missing:
            print(f"{name}: untranslated: {source!r}")
sys.exit(status)
