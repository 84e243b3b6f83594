<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
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
            <translation>Fichier ou dossier introuvable</translation>
        </message>
        <message>
            <source>Permission denied</source>
            <translation>Permission refusée</translation>
        </message>
        <message>
            <source>Already exists</source>
            <translation>Existe déjà</translation>
        </message>
        <message>
            <source>Is a directory</source>
            <translation>Est un dossier</translation>
        </message>
        <message>
            <source>Not a directory</source>
            <translation>N’est pas un dossier</translation>
        </message>
        <message>
            <source>Too large</source>
            <translation>Trop volumineux</translation>
        </message>
        <message>
            <source>Timed out</source>
            <translation>Délai dépassé</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Connection lost</source>
            <translation>Connexion perdue</translation>
        </message>
        <message>
            <source>Not supported on this machine</source>
            <translation>Non pris en charge sur cette machine</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Échec</translation>
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
            <translation>Proto Desktop : confiez du travail à des agents d’IA, observez-les et guidez-les pendant qu’ils utilisent de vrais ordinateurs.

Dossier de données : $PROTO_DESKTOP_HOME, sinon %1.</translation>
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
            <translation>Délai dépassé après %1 s ; la commande et ses processus enfants ont été arrêtés</translation>
        </message>
        <message>
            <source>Working directory does not exist: %1</source>
            <translation>Le dossier de travail n’existe pas : %1</translation>
        </message>
        <message>
            <source>Could not start /bin/sh: %1</source>
            <translation>Impossible de lancer /bin/sh : %1</translation>
        </message>
    </context>
    <context>
        <name>Proto::LocalFileOps</name>
        <message>
            <source>Not an absolute path: %1</source>
            <translation>Chemin non absolu : %1</translation>
        </message>
        <message>
            <source>Path contains a NUL character</source>
            <translation>Le chemin contient un caractère NUL</translation>
        </message>
        <message>
            <source>Negative offset %1 for %2</source>
            <translation>Décalage négatif %1 pour %2</translation>
        </message>
        <message>
            <source>%1: not a regular file</source>
            <translation>%1 : n’est pas un fichier ordinaire</translation>
        </message>
        <message>
            <source>%1: reading %2 bytes at once is more than the limit of %3</source>
            <translation>%1 : lire %2 octets d’un coup dépasse la limite de %3</translation>
        </message>
        <message>
            <source>%1 is larger than the read limit of %2 bytes</source>
            <translation>%1 dépasse la limite de lecture de %2 octets</translation>
        </message>
        <message>
            <source>Refusing to remove /</source>
            <translation>Refus de supprimer /</translation>
        </message>
        <message>
            <source>%1: directory not empty</source>
            <translation>%1 : dossier non vide</translation>
        </message>
        <message>
            <source>Cannot move %1 to another file system</source>
            <translation>Impossible de déplacer %1 vers un autre système de fichiers</translation>
        </message>
    </context>
    <context>
        <name>Proto::LocalMachine</name>
        <message>
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
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
            <translation>Impossible d’enregistrer une modification : %1</translation>
        </message>
        <message>
            <source>&amp;New Session…</source>
            <translation>&amp;Nouvelle session…</translation>
        </message>
        <message>
            <source>Start a new session on a machine and folder</source>
            <translation>Démarrer une nouvelle session sur une machine et dans un dossier</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Paramètres…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>&amp;Find Session</source>
            <translation>&amp;Rechercher une session</translation>
        </message>
        <message>
            <source>&amp;Copy Working Folder Path</source>
            <translation>&amp;Copier le chemin du dossier de travail</translation>
        </message>
        <message>
            <source>Show &amp;Sidebar</source>
            <translation>Afficher le panneau &amp;latéral</translation>
        </message>
        <message>
            <source>Show &amp;Archived Sessions</source>
            <translation>Afficher les sessions &amp;archivées</translation>
        </message>
        <message>
            <source>&amp;Full Screen</source>
            <translation>&amp;Plein écran</translation>
        </message>
        <message>
            <source>&amp;Rename</source>
            <translation>&amp;Renommer</translation>
        </message>
        <message>
            <source>&amp;Delete…</source>
            <translation>&amp;Supprimer…</translation>
        </message>
        <message>
            <source>&amp;Archive</source>
            <translation>&amp;Archiver</translation>
        </message>
        <message>
            <source>&amp;About Proto Desktop</source>
            <translation>À &amp;propos de Proto Desktop</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>É&amp;dition</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Affichage</translation>
        </message>
        <message>
            <source>&amp;Session</source>
            <translation>&amp;Session</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>Ai&amp;de</translation>
        </message>
        <message>
            <source>Created “%1”.</source>
            <translation>« %1 » créée.</translation>
        </message>
        <message>
            <source>Delete Session</source>
            <translation>Supprimer la session</translation>
        </message>
        <message>
            <source>Delete “%1”?</source>
            <translation>Supprimer « %1 » ?</translation>
        </message>
        <message>
            <source>Its conversation, tool calls and usage records are removed from this computer. Files the agent changed stay as they are. This cannot be undone.</source>
            <translation>Sa conversation, ses appels d’outils et ses relevés de consommation sont supprimés de cet ordinateur. Les fichiers modifiés par l’agent restent tels quels. Cette action est irréversible.</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Deleted “%1”.</source>
            <translation>« %1 » supprimée.</translation>
        </message>
        <message>
            <source>Restored “%1” from the archive.</source>
            <translation>« %1 » sortie des archives.</translation>
        </message>
        <message>
            <source>Archived “%1”.</source>
            <translation>« %1 » archivée.</translation>
        </message>
        <message>
            <source>About Proto Desktop</source>
            <translation>À propos de Proto Desktop</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Proto Desktop %1&lt;/h3&gt;&lt;p&gt;Hand work to AI agents and watch and steer them while they operate real computers.&lt;/p&gt;&lt;p&gt;Data folder: %2&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Proto Desktop %1&lt;/h3&gt;&lt;p&gt;Confiez du travail à des agents d’IA, observez-les et guidez-les pendant qu’ils utilisent de vrais ordinateurs.&lt;/p&gt;&lt;p&gt;Dossier de données : %2&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Un&amp;archive</source>
            <translation>&amp;Désarchiver</translation>
        </message>
        <message numerus="yes">
            <source>%n session(s)</source>
            <translation>
                <numerusform>%n session</numerusform>
                <numerusform>%n sessions</numerusform>
            </translation>
        </message>
        <message>
            <source>Data file: %1</source>
            <translation>Fichier de données : %1</translation>
        </message>
        <message>
            <source>Could Not Save</source>
            <translation>Échec de l’enregistrement</translation>
        </message>
        <message>
            <source>The change could not be saved to %1.

%2</source>
            <translation>La modification n’a pas pu être enregistrée dans %1.

%2</translation>
        </message>
        <message numerus="yes">
            <source>%n archived</source>
            <translation>
                <numerusform>%n archivée</numerusform>
                <numerusform>%n archivées</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Proto::NewSessionDialog</name>
        <message>
            <source>New Session</source>
            <translation>Nouvelle session</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>&amp;Titre :</translation>
        </message>
        <message>
            <source>What should the agent work on?</source>
            <translation>Sur quoi l’agent doit-il travailler ?</translation>
        </message>
        <message>
            <source>&amp;Machine:</source>
            <translation>&amp;Machine :</translation>
        </message>
        <message>
            <source>&amp;Working folder:</source>
            <translation>&amp;Dossier de travail :</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>&amp;Parcourir…</translation>
        </message>
        <message>
            <source>New session</source>
            <translation>Nouvelle session</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Working Folder</source>
            <translation>Dossier de travail</translation>
        </message>
        <message>
            <source>There is no machine to work on. Add one first.</source>
            <translation>Aucune machine sur laquelle travailler. Ajoutez-en d’abord une.</translation>
        </message>
        <message>
            <source>Give the session a title.</source>
            <translation>Donnez un titre à la session.</translation>
        </message>
        <message>
            <source>Choose a working folder.</source>
            <translation>Choisissez un dossier de travail.</translation>
        </message>
        <message>
            <source>The folder “%1” does not exist.</source>
            <translation>Le dossier « %1 » n’existe pas.</translation>
        </message>
        <message>
            <source>“%1” is not a folder.</source>
            <translation>« %1 » n’est pas un dossier.</translation>
        </message>
        <message>
            <source>The folder name contains a character that is not allowed.</source>
            <translation>Le nom du dossier contient un caractère interdit.</translation>
        </message>
        <message>
            <source>Home folder on that machine</source>
            <translation>Dossier personnel sur cette machine</translation>
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
            <translation>Archivée</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionListModel</name>
        <message>
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
        </message>
        <message>
            <source>No machine</source>
            <translation>Aucune machine</translation>
        </message>
        <message>
            <source>Unknown machine</source>
            <translation>Machine inconnue</translation>
        </message>
        <message>
            <source>New session</source>
            <translation>Nouvelle session</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>Au travail</translation>
        </message>
        <message>
            <source>Waiting for you</source>
            <translation>Vous attend</translation>
        </message>
        <message>
            <source>Stopped with an error</source>
            <translation>Arrêtée sur une erreur</translation>
        </message>
        <message>
            <source>Idle</source>
            <translation>Inactive</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionListWidget</name>
        <message>
            <source>Search sessions</source>
            <translation>Rechercher des sessions</translation>
        </message>
        <message>
            <source>Show archived</source>
            <translation>Afficher les archivées</translation>
        </message>
        <message>
            <source>Show archived sessions in the list</source>
            <translation>Afficher les sessions archivées dans la liste</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sessions</translation>
        </message>
        <message>
            <source>No sessions yet.
Create one with New Session (%1).</source>
            <translation>Aucune session pour l’instant.
Créez-en une avec « Nouvelle session » (%1).</translation>
        </message>
        <message>
            <source>No session matches “%1”.</source>
            <translation>Aucune session ne correspond à « %1 ».</translation>
        </message>
        <message>
            <source>Every session is archived.
Turn on “Show archived” to see them.</source>
            <translation>Toutes les sessions sont archivées.
Activez « Afficher les archivées » pour les voir.</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionPage</name>
        <message>
            <source>Machine</source>
            <translation>Machine</translation>
        </message>
        <message>
            <source>Working folder</source>
            <translation>Dossier de travail</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Modèle</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>Créée le</translation>
        </message>
        <message>
            <source>Last activity</source>
            <translation>Dernière activité</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <source>Home folder</source>
            <translation>Dossier personnel</translation>
        </message>
        <message>
            <source>Default model</source>
            <translation>Modèle par défaut</translation>
        </message>
        <message>
            <source>Archived</source>
            <translation>Archivée</translation>
        </message>
    </context>
    <context>
        <name>Proto::SessionView</name>
        <message>
            <source>No session selected</source>
            <translation>Aucune session sélectionnée</translation>
        </message>
        <message>
            <source>A session is a conversation with an agent, bound to a machine and a working folder. Pick one on the left or start a new one.</source>
            <translation>Une session est une conversation avec un agent, liée à une machine et à un dossier de travail. Choisissez-en une à gauche ou commencez-en une nouvelle.</translation>
        </message>
        <message>
            <source>home folder</source>
            <translation>dossier personnel</translation>
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
            <translation>Paramètres</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Général</translation>
        </message>
        <message>
            <source>&amp;Appearance:</source>
            <translation>&amp;Apparence :</translation>
        </message>
        <message>
            <source>&amp;Chat text size:</source>
            <translation>Taille du texte de la &amp;discussion :</translation>
        </message>
        <message>
            <source> pt</source>
            <translation> pt</translation>
        </message>
        <message>
            <source>&amp;Terminal text size:</source>
            <translation>Taille du texte du &amp;terminal :</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>Modèles</translation>
        </message>
        <message>
            <source>&amp;Default model:</source>
            <translation>Modèle par &amp;défaut :</translation>
        </message>
        <message>
            <source>The model id new sessions start with, as the provider names it. Leave it empty to use the provider's recommended model.</source>
            <translation>L’identifiant du modèle avec lequel démarrent les nouvelles sessions, tel que le fournisseur le nomme. Laissez vide pour utiliser le modèle recommandé par le fournisseur.</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>Limites</translation>
        </message>
        <message>
            <source>Spend limit per &amp;session:</source>
            <translation>Limite de dépense par &amp;session :</translation>
        </message>
        <message>
            <source>Spend limit per &amp;day:</source>
            <translation>Limite de dépense par &amp;jour :</translation>
        </message>
        <message>
            <source>Agent &amp;actions per minute:</source>
            <translation>&amp;Actions de l’agent par minute :</translation>
        </message>
        <message>
            <source>An agent stops and asks you when it reaches a limit. 0 means no limit.</source>
            <translation>Un agent s’arrête et vous demande quand il atteint une limite. 0 signifie aucune limite.</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>Comme le système</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Clair</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Sombre</translation>
        </message>
        <message>
            <source>No limit</source>
            <translation>Aucune limite</translation>
        </message>
        <message>
            <source>Provider's recommended model</source>
            <translation>Modèle recommandé par le fournisseur</translation>
        </message>
    </context>
    <context>
        <name>Proto::Store</name>
        <message>
            <source>No database file was given.</source>
            <translation>Aucun fichier de base de données n’a été indiqué.</translation>
        </message>
        <message>
            <source>Cannot create the folder %1 for the database %2.</source>
            <translation>Impossible de créer le dossier %1 pour la base de données %2.</translation>
        </message>
        <message>
            <source>Cannot open the database %1: it is a folder.</source>
            <translation>Impossible d’ouvrir la base de données %1 : c’est un dossier.</translation>
        </message>
        <message>
            <source>Cannot open the database %1: %2</source>
            <translation>Impossible d’ouvrir la base de données %1 : %2</translation>
        </message>
        <message>
            <source>The database %1 is damaged (it is not an SQLite database). Proto Desktop left it untouched: restore a backup, or move the file away to start afresh.</source>
            <translation>La base de données %1 est endommagée (ce n’est pas une base SQLite). Proto Desktop ne l’a pas modifiée : restaurez une sauvegarde ou déplacez le fichier pour repartir de zéro.</translation>
        </message>
        <message>
            <source>save the machine %1</source>
            <translation>enregistrer la machine %1</translation>
        </message>
        <message>
            <source>remove the machine %1</source>
            <translation>supprimer la machine %1</translation>
        </message>
        <message>
            <source>save the session %1</source>
            <translation>enregistrer la session %1</translation>
        </message>
        <message>
            <source>remove the session %1</source>
            <translation>supprimer la session %1</translation>
        </message>
        <message>
            <source>save the message %1</source>
            <translation>enregistrer le message %1</translation>
        </message>
        <message>
            <source>save the tool call %1</source>
            <translation>enregistrer l’appel d’outil %1</translation>
        </message>
        <message>
            <source>record the usage of the session %1</source>
            <translation>enregistrer la consommation de la session %1</translation>
        </message>
        <message>
            <source>remove the setting %1</source>
            <translation>supprimer le paramètre %1</translation>
        </message>
        <message>
            <source>save the setting %1</source>
            <translation>enregistrer le paramètre %1</translation>
        </message>
        <message>
            <source>append to the audit log: %1</source>
            <translation>ajouter au journal d’audit : %1</translation>
        </message>
        <message>
            <source>audit row %1 is missing</source>
            <translation>la ligne d’audit %1 manque</translation>
        </message>
        <message>
            <source>audit row %1 is out of order</source>
            <translation>la ligne d’audit %1 n’est pas à sa place</translation>
        </message>
        <message>
            <source>audit row %1 does not follow the row before it</source>
            <translation>la ligne d’audit %1 ne suit pas la ligne précédente</translation>
        </message>
        <message>
            <source>audit row %1 was changed after it was written</source>
            <translation>la ligne d’audit %1 a été modifiée après son écriture</translation>
        </message>
        <message>
            <source>the audit log could not be read</source>
            <translation>le journal d’audit n’a pas pu être lu</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
        </message>
    </context>
    <context>
        <name>Proto::StoreOpener</name>
        <message>
            <source>The file is damaged or is not a Proto Desktop database. It has been left exactly as it was; keep a copy before trying to repair it.</source>
            <translation>Le fichier est endommagé ou n’est pas une base de données de Proto Desktop. Il a été laissé exactement tel quel ; gardez-en une copie avant de tenter de le réparer.</translation>
        </message>
        <message>
            <source>Another program, perhaps another Proto Desktop, is using the file. Close it and retry.</source>
            <translation>Un autre programme, peut-être un autre Proto Desktop, utilise le fichier. Fermez-le et réessayez.</translation>
        </message>
        <message>
            <source>The file was written by a newer version of Proto Desktop. Update Proto Desktop to open it; this version will not change it.</source>
            <translation>Le fichier a été écrit par une version plus récente de Proto Desktop. Mettez Proto Desktop à jour pour l’ouvrir ; cette version ne le modifiera pas.</translation>
        </message>
        <message>
            <source>The file or its folder cannot be written to. Check its permissions.</source>
            <translation>Impossible d’écrire dans le fichier ou dans son dossier. Vérifiez ses permissions.</translation>
        </message>
        <message>
            <source>Check that the folder exists and can be written to.</source>
            <translation>Vérifiez que le dossier existe et qu’il est accessible en écriture.</translation>
        </message>
        <message>
            <source>Cannot Open the Data File</source>
            <translation>Impossible d’ouvrir le fichier de données</translation>
        </message>
        <message>
            <source>Proto Desktop could not open %1.</source>
            <translation>Proto Desktop n’a pas pu ouvrir %1.</translation>
        </message>
        <message>
            <source>File: %1</source>
            <translation>Fichier : %1</translation>
        </message>
        <message>
            <source>Open Another Data Folder…</source>
            <translation>Ouvrir un autre dossier de données…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Quitter</translation>
        </message>
        <message>
            <source>Choose a Data Folder</source>
            <translation>Choisir un dossier de données</translation>
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
            <translation>La base de données %1 est endommagée (%2). Proto Desktop ne l’a pas modifiée : restaurez une sauvegarde ou déplacez le fichier pour repartir de zéro.</translation>
        </message>
        <message>
            <source>The database %1 is in use by another program (perhaps another Proto Desktop). Close that program and try again.</source>
            <translation>La base de données %1 est utilisée par un autre programme (peut-être un autre Proto Desktop). Fermez ce programme et réessayez.</translation>
        </message>
        <message>
            <source>The database %1 cannot be written: the file is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.</source>
            <translation>Impossible d’écrire dans la base de données %1 : le fichier est en lecture seule. Rendez-le accessible en écriture ou faites pointer PROTO_DESKTOP_HOME vers un dossier accessible en écriture.</translation>
        </message>
        <message>
            <source>The database %1 cannot be written: the folder %2 is read-only. Make it writable, or set PROTO_DESKTOP_HOME to a writable folder.</source>
            <translation>Impossible d’écrire dans la base de données %1 : le dossier %2 est en lecture seule. Rendez-le accessible en écriture ou faites pointer PROTO_DESKTOP_HOME vers un dossier accessible en écriture.</translation>
        </message>
        <message>
            <source>The database %1 cannot be written (%2).</source>
            <translation>Impossible d’écrire dans la base de données %1 (%2).</translation>
        </message>
        <message>
            <source>Cannot open the database %1: %2</source>
            <translation>Impossible d’ouvrir la base de données %1 : %2</translation>
        </message>
        <message>
            <source>The database %1 was written by a newer version of Proto Desktop (schema %2; this version knows up to %3). Update Proto Desktop to use it; the file was not changed.</source>
            <translation>La base de données %1 a été écrite par une version plus récente de Proto Desktop (schéma %2 ; cette version connaît jusqu’au %3). Mettez Proto Desktop à jour pour l’utiliser ; le fichier n’a pas été modifié.</translation>
        </message>
        <message>
            <source>Cannot open the database %1: its folder does not support write-ahead logging (journal mode %2).</source>
            <translation>Impossible d’ouvrir la base de données %1 : son dossier ne prend pas en charge la journalisation anticipée (mode de journal %2).</translation>
        </message>
        <message>
            <source>Cannot update the database %1 to the current schema: %2</source>
            <translation>Impossible de mettre la base de données %1 au schéma actuel : %2</translation>
        </message>
        <message numerus="yes">
            <source>Could not save %n change(s) to the database %1 before closing it: %2</source>
            <translation>
                <numerusform>Impossible d’enregistrer %n modification dans la base de données %1 avant sa fermeture : %2</numerusform>
                <numerusform>Impossible d’enregistrer %n modifications dans la base de données %1 avant sa fermeture : %2</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not %1 in the database %2: %3</source>
            <translation>Échec dans la base de données %2 : %1 : %3</translation>
        </message>
        <message>
            <source>The file %1 is another program's SQLite database, not Proto Desktop's. Proto Desktop left it untouched; choose another file.</source>
            <translation>Le fichier %1 est la base SQLite d’un autre programme, pas celle de Proto Desktop. Proto Desktop ne l’a pas modifié ; choisissez un autre fichier.</translation>
        </message>
        <message>
            <source>Could not save to the database %1: %2. The changes are kept and will be retried.</source>
            <translation>Impossible d’enregistrer dans la base de données %1 : %2. Les modifications sont conservées et seront réessayées.</translation>
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
                <numerusform>%n octet</numerusform>
                <numerusform>%n octets</numerusform>
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
