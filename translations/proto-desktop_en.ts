<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>Proto::MainWindow</name>
        <message numerus="yes">
            <source>%n session(s)</source>
            <translation>
                <numerusform>%n session</numerusform>
                <numerusform>%n sessions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n archived</source>
            <translation>
                <numerusform>%n archived</numerusform>
                <numerusform>%n archived</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Store</name>
        <message numerus="yes">
            <source>Could not save %n change(s) to the database %1 before closing it: %2</source>
            <translation>
                <numerusform>Could not save %n change to the database %1 before closing it: %2</numerusform>
                <numerusform>Could not save %n changes to the database %1 before closing it: %2</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TextFiles</name>
        <message numerus="yes">
            <source>%n byte(s)</source>
            <translation>
                <numerusform>%n byte</numerusform>
                <numerusform>%n bytes</numerusform>
            </translation>
        </message>
    </context>
</TS>
