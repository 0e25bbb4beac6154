<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/settings.py" line="168"/>
        <source>About District Desk</source>
        <translation>About District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="171"/>
        <source>District Desk %1</source>
        <translation>District Desk %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="175"/>
        <source>Data folder:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="176"/>
        <source>Regional server:</source>
        <translation>Regional server:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="177"/>
        <source>Office:</source>
        <translation>Office:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="178"/>
        <source>Key storage:</source>
        <translation>Key storage:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="179"/>
        <source>Database size:</source>
        <translation>Database size:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="180"/>
        <source>Last sync (server time):</source>
        <translation>Last sync (server time):</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="181"/>
        <source>Last sync problem:</source>
        <translation>Last sync problem:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="189"/>
        <source>Self-test:</source>
        <translation>Self-test:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="192"/>
        <source>Self-test results</source>
        <translation>Self-test results</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="195"/>
        <source>&amp;Save diagnostics report…</source>
        <translation>&amp;Save diagnostics report…</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="198"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="228"/>
        <source>Save diagnostics report</source>
        <translation>Save diagnostics report</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="230"/>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
</context>
<context>
    <name>BulletinDetail</name>
    <message>
        <location filename="../../ui/bulletins.py" line="155"/>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="156"/>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="157"/>
        <source>Issuing country</source>
        <translation>Issuing country</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="158"/>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="164"/>
        <source>CANCELLED</source>
        <translation>CANCELLED</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="168"/>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="172"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="177"/>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="179"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="182"/>
        <source>Data as of (server time)</source>
        <translation>Data as of (server time)</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="229"/>
        <location filename="../../ui/bulletins.py" line="393"/>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="249"/>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="250"/>
        <source>Reference:</source>
        <translation>Reference:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="251"/>
        <source>Issuing country:</source>
        <translation>Issuing country:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="252"/>
        <source>Issued:</source>
        <translation>Issued:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="253"/>
        <source>Data as of (server time):</source>
        <translation>Data as of (server time):</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="231"/>
        <location filename="../../ui/bulletins.py" line="357"/>
        <source>Load full photo</source>
        <translation>Load full photo</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="233"/>
        <source>Downloads the full-size photo from the regional server (uses the link).</source>
        <translation>Downloads the full-size photo from the regional server (uses the link).</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="266"/>
        <source>Record &amp;hit</source>
        <translation>Record &amp;hit</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="268"/>
        <source>&amp;Use in request</source>
        <translation>&amp;Use in request</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="270"/>
        <source>Export &amp;PDF</source>
        <translation>Export &amp;PDF</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="272"/>
        <source>P&amp;rint</source>
        <translation>P&amp;rint</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="284"/>
        <source>Select a bulletin in the list.</source>
        <translation>Select a bulletin in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="295"/>
        <location filename="../../ui/bulletins.py" line="352"/>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="315"/>
        <source>CANCELLED on %1 — no longer valid. Do not act on this bulletin.</source>
        <translation>CANCELLED on %1 — no longer valid. Do not act on this bulletin.</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="322"/>
        <source>URGENT</source>
        <translation>URGENT</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="331"/>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="352"/>
        <source>Photo not yet downloaded</source>
        <translation>Photo not yet downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="357"/>
        <source>Show full photo</source>
        <translation>Show full photo</translation>
    </message>
</context>
<context>
    <name>BulletinsPage</name>
    <message>
        <location filename="../../ui/bulletins.py" line="432"/>
        <source>Bulletin kind</source>
        <translation>Bulletin kind</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="437"/>
        <source>All kinds</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="441"/>
        <source>Country (e.g. KAZ)</source>
        <translation>Country (e.g. KAZ)</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="442"/>
        <source>Issuing country</source>
        <translation>Issuing country</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="445"/>
        <location filename="../../ui/bulletins.py" line="448"/>
        <source>Issued from</source>
        <translation>Issued from</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="449"/>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="452"/>
        <source>Issued to</source>
        <translation>Issued to</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="453"/>
        <source>Hide cancelled</source>
        <translation>Hide cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="454"/>
        <source>Urgent only</source>
        <translation>Urgent only</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="472"/>
        <source>Bulletins</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="475"/>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="476"/>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="477"/>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="478"/>
        <source>Country</source>
        <translation>Country</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="479"/>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="480"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="481"/>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="517"/>
        <source>CANCELLED</source>
        <translation>CANCELLED</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="519"/>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="520"/>
        <source>Valid</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="550"/>
        <source>%1 bulletins</source>
        <translation>%1 bulletins</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <location filename="../../ui/cases.py" line="149"/>
        <source>Select a case in the list.</source>
        <translation>Select a case in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="153"/>
        <source>Subjects:</source>
        <translation>Subjects:</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="155"/>
        <source>Subjects of the case</source>
        <translation>Subjects of the case</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="158"/>
        <source>Timeline:</source>
        <translation>Timeline:</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="160"/>
        <source>Case timeline</source>
        <translation>Case timeline</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="164"/>
        <source>New note…</source>
        <translation>New note…</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="165"/>
        <source>New note</source>
        <translation>New note</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="172"/>
        <source>&amp;Add note</source>
        <translation>&amp;Add note</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="174"/>
        <source>&amp;Use in request</source>
        <translation>&amp;Use in request</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="195"/>
        <source>Status: %1 · opened %2</source>
        <translation>Status: %1 · opened %2</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="204"/>
        <source>[not yet on the server]</source>
        <translation>[not yet on the server]</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="206"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="207"/>
        <source>Linked bulletin</source>
        <translation>Linked bulletin</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="208"/>
        <source>Attachment</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="223"/>
        <source>Write the note first.</source>
        <translation>Write the note first.</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../ui/cases.py" line="253"/>
        <source>Filter by case number or title</source>
        <translation>Filter by case number or title</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="254"/>
        <source>Filter cases</source>
        <translation>Filter cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="259"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="262"/>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="263"/>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="264"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="265"/>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="266"/>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="115"/>
        <source>District Desk — enrol this PC</source>
        <extracomment>Letters, digits, dashes and spaces: what a code such as ``7KQ4-M2XD-9PHR`` may hold. Field names used by :func:`classify_failure` and the error labels of the dialog.</extracomment>
        <translation>District Desk — enrol this PC</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="119"/>
        <source>Enrol this PC with the regional server</source>
        <translation>Enrol this PC with the regional server</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="122"/>
        <source>IT staff: enter the one-time enrolment code issued for this office. Without enrolment District Desk works offline: local users can log in and work, nothing is sent.</source>
        <translation>IT staff: enter the one-time enrolment code issued for this office. Without enrolment District Desk works offline: local users can log in and work, nothing is sent.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="140"/>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="145"/>
        <source>Set by the site configuration file.</source>
        <translation>Set by the site configuration file.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="147"/>
        <source>&amp;Server address:</source>
        <translation>&amp;Server address:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="151"/>
        <source>One-time enrolment code</source>
        <translation>One-time enrolment code</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="154"/>
        <source>One-time &amp;code:</source>
        <translation>One-time &amp;code:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="161"/>
        <source>CA bundle file (optional)</source>
        <translation>CA bundle file (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="162"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="163"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="168"/>
        <source>CA &amp;bundle:</source>
        <translation>CA &amp;bundle:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="170"/>
        <location filename="../../ui/enrol_dialog.py" line="239"/>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="172"/>
        <source>Office:</source>
        <translation>Office:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="190"/>
        <source>&amp;Enrol</source>
        <translation>&amp;Enrol</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="193"/>
        <source>&amp;Work offline</source>
        <translation>&amp;Work offline</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="226"/>
        <source>CA bundle</source>
        <translation>CA bundle</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="228"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="246"/>
        <source>This PC is already enrolled with %1. Enrolling again replaces its registration; local data and unsent work are kept.</source>
        <translation>This PC is already enrolled with %1. Enrolling again replaces its registration; local data and unsent work are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="296"/>
        <source>Enrol again?</source>
        <translation>Enrol again?</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="298"/>
        <source>This PC is already enrolled. Enrol it again with the new code? Local data and requests waiting to be sent are kept.</source>
        <translation>This PC is already enrolled. Enrol it again with the new code? Local data and requests waiting to be sent are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="333"/>
        <source>Contacting the regional server…</source>
        <translation>Contacting the regional server…</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="348"/>
        <source>&amp;Close</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="359"/>
        <source>This PC is enrolled with %1 (%2), office %3.</source>
        <translation>This PC is enrolled with %1 (%2), office %3.</translation>
    </message>
</context>
<context>
    <name>HandlingBanner</name>
    <message>
        <location filename="../../ui/widgets.py" line="37"/>
        <source>Handling restriction: %1</source>
        <translation>Handling restriction: %1</translation>
    </message>
</context>
<context>
    <name>HitDialog</name>
    <message>
        <location filename="../../ui/search_page.py" line="309"/>
        <source>Record a hit</source>
        <translation>Record a hit</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="313"/>
        <source>Match: %1 (%2)</source>
        <translation>Match: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="318"/>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="320"/>
        <source>Circumstances</source>
        <translation>Circumstances</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="323"/>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="325"/>
        <source>&amp;Place:</source>
        <translation>&amp;Place:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="326"/>
        <source>&amp;Circumstances:</source>
        <translation>&amp;Circumstances:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="327"/>
        <source>&amp;Action taken:</source>
        <translation>&amp;Action taken:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="330"/>
        <source>I have checked this weak match myself (documents, photo, details)</source>
        <translation>I have checked this weak match myself (documents, photo, details)</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="334"/>
        <source>Start a hit notification request</source>
        <translation>Start a hit notification request</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="348"/>
        <source>Say where the hit happened.</source>
        <translation>Say where the hit happened.</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="352"/>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>A weak match can only be recorded after you have checked it yourself.</translation>
    </message>
</context>
<context>
    <name>HitsPage</name>
    <message>
        <location filename="../../ui/replies.py" line="197"/>
        <location filename="../../ui/replies.py" line="199"/>
        <source>Recorded hits</source>
        <translation>Recorded hits</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="202"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="203"/>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="204"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="207"/>
        <source>Recorded</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="208"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="209"/>
        <source>Searched for</source>
        <translation>Searched for</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="210"/>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="211"/>
        <source>Notified</source>
        <translation>Notified</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="211"/>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="219"/>
        <source>Double-click a hit to see its bulletin.</source>
        <translation>Double-click a hit to see its bulletin.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/login.py" line="170"/>
        <source>District Desk — locked</source>
        <translation>District Desk — locked</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="175"/>
        <source>Session locked</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="179"/>
        <source>The session of %1 was locked after a period without activity. Enter the password to continue.</source>
        <translation>The session of %1 was locked after a period without activity. Enter the password to continue.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="187"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="194"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="197"/>
        <source>Log &amp;out</source>
        <translation>Log &amp;out</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="62"/>
        <source>District Desk — log in</source>
        <translation>District Desk — log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="66"/>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="67"/>
        <source>Reading this PC&apos;s configuration…</source>
        <translation>Reading this PC&apos;s configuration…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="73"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="77"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="79"/>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="80"/>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="83"/>
        <source>First time on this PC: log in through the regional server</source>
        <translation>First time on this PC: log in through the regional server</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="94"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="96"/>
        <source>&amp;Log in</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="99"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="112"/>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="115"/>
        <source>none (offline only)</source>
        <translation>none (offline only)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="117"/>
        <source>Office: %1
Regional server: %2</source>
        <translation>Office: %1
Regional server: %2</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="124"/>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="151"/>
        <source>Wrong user name or password. %1 attempts left before the account is locked.</source>
        <translation>Wrong user name or password. %1 attempts left before the account is locked.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>District Desk — %1</source>
        <translation>District Desk — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108"/>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>Bulletins</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>Replies</source>
        <translation>Replies</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>Hits</source>
        <translation>Hits</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>%1 · %2 · office %3</source>
        <translation>%1 · %2 · office %3</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="197"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>&amp;New request</source>
        <translation>&amp;New request</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>&amp;Lock screen</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>Log &amp;out</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215"/>
        <source>Find…</source>
        <translation>Find…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="216"/>
        <source>S&amp;ync</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>Sync &amp;now</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>Sync &amp;details</source>
        <translation>Sync &amp;details</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <source>&amp;About and diagnostics…</source>
        <translation>&amp;About and diagnostics…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>&amp;Enrol this PC…</source>
        <translation>&amp;Enrol this PC…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324"/>
        <source>Search for the person, vehicle or document, then choose “Record hit” on the result.</source>
        <translation>Search for the person, vehicle or document, then choose “Record hit” on the result.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="355"/>
        <source>A reply to one of your requests has arrived.</source>
        <translation>A reply to one of your requests has arrived.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="361"/>
        <source>Urgent bulletin: %1</source>
        <translation>Urgent bulletin: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367"/>
        <source>Bulletin %1 was cancelled.</source>
        <translation>Bulletin %1 was cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="378"/>
        <source>The regional server refused an item. See Synchronisation for the reason.</source>
        <translation>The regional server refused an item. See Synchronisation for the reason.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384"/>
        <source>A request was returned to you for changes.</source>
        <translation>A request was returned to you for changes.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="439"/>
        <source>Unread replies: %1</source>
        <translation>Unread replies: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="445"/>
        <source>Requests returned to you for changes: %1</source>
        <translation>Requests returned to you for changes: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="453"/>
        <source>Requests awaiting your approval: %1</source>
        <translation>Requests awaiting your approval: %1</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../ui/widgets.py" line="88"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="89"/>
        <source>Open: %1</source>
        <translation>Open: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="94"/>
        <location filename="../../ui/widgets.py" line="95"/>
        <source>Dismiss notice</source>
        <translation>Dismiss notice</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <location filename="../../ui/ops.py" line="207"/>
        <source>Cancel</source>
        <extracomment>How long an operation may run before a progress dialog appears (no flicker for quick ones). At most this many progress signals per second cross from a worker to the GUI thread. Operations whose result has not been delivered yet, by id (tests wait on it).</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/ops.py" line="209"/>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../ui/person.py" line="100"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="107"/>
        <source>All recorded spellings:</source>
        <translation>All recorded spellings:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="109"/>
        <source>All recorded spellings</source>
        <translation>All recorded spellings</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="117"/>
        <source>Details:</source>
        <translation>Details:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="118"/>
        <source>Bulletin:</source>
        <translation>Bulletin:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="119"/>
        <source>Cases:</source>
        <translation>Cases:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="122"/>
        <source>Show &amp;bulletin</source>
        <translation>Show &amp;bulletin</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="125"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="136"/>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="140"/>
        <source>male</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="140"/>
        <source>female</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="140"/>
        <source>sex unknown</source>
        <translation>sex unknown</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="141"/>
        <source>date of birth unknown</source>
        <translation>date of birth unknown</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="148"/>
        <source>(CANCELLED)</source>
        <translation>(CANCELLED)</translation>
    </message>
</context>
<context>
    <name>RepliesPage</name>
    <message>
        <location filename="../../ui/replies.py" line="110"/>
        <source>Replies</source>
        <translation>Replies</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="121"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="122"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="123"/>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="124"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="135"/>
        <source>Select a reply.</source>
        <translation>Select a reply.</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="138"/>
        <source>Text of the reply</source>
        <translation>Text of the reply</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="141"/>
        <source>Show the &amp;request</source>
        <translation>Show the &amp;request</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="176"/>
        <source>From %1, received %2</source>
        <translation>From %1, received %2</translation>
    </message>
</context>
<context>
    <name>RequestEditor</name>
    <message>
        <location filename="../../ui/requests.py" line="220"/>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="221"/>
        <location filename="../../ui/requests.py" line="363"/>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="222"/>
        <location filename="../../ui/requests.py" line="371"/>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="223"/>
        <location filename="../../ui/requests.py" line="382"/>
        <source>Recipients</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="225"/>
        <location filename="../../ui/requests.py" line="389"/>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="228"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="229"/>
        <source>Drafted by</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="230"/>
        <source>Content hash</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="234"/>
        <source>Server reference</source>
        <translation>Server reference</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="324"/>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="350"/>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="358"/>
        <source>Request type</source>
        <translation>Request type</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="359"/>
        <source>&amp;Type:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="364"/>
        <source>&amp;Priority:</source>
        <translation>&amp;Priority:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="368"/>
        <source>Answer needed by</source>
        <translation>Answer needed by</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="377"/>
        <source>&amp;Due date:</source>
        <translation>&amp;Due date:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="380"/>
        <source>Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)</source>
        <translation>Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="383"/>
        <source>&amp;Recipients:</source>
        <translation>&amp;Recipients:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="393"/>
        <source>Add &amp;case…</source>
        <translation>Add &amp;case…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="395"/>
        <source>Add reference…</source>
        <translation>Add reference…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="397"/>
        <location filename="../../ui/requests.py" line="428"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="398"/>
        <source>Remove subject</source>
        <translation>Remove subject</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="404"/>
        <source>&amp;Subjects:</source>
        <translation>&amp;Subjects:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="407"/>
        <source>Text of the request</source>
        <translation>Text of the request</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="409"/>
        <source>What is asked, why, and what is already known.</source>
        <translation>What is asked, why, and what is already known.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="410"/>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="415"/>
        <source>Handling code</source>
        <translation>Handling code</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="416"/>
        <source>&amp;Handling:</source>
        <translation>&amp;Handling:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="422"/>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="426"/>
        <source>&amp;Attach file…</source>
        <translation>&amp;Attach file…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="429"/>
        <source>Remove attachment</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="435"/>
        <source>Attach&amp;ments:</source>
        <translation>Attach&amp;ments:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="442"/>
        <source>&amp;Save draft</source>
        <translation>&amp;Save draft</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="443"/>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="445"/>
        <source>Submit for a&amp;pproval</source>
        <translation>Submit for a&amp;pproval</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="446"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="448"/>
        <source>&amp;Review…</source>
        <translation>&amp;Review…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="450"/>
        <source>Send to outbox</source>
        <translation>Send to outbox</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="452"/>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Withdraw…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="454"/>
        <source>Copy to new draft</source>
        <translation>Copy to new draft</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="456"/>
        <source>Close request</source>
        <translation>Close request</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="458"/>
        <source>Export PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="460"/>
        <source>Print</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="462"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="606"/>
        <source>New request (not saved yet)</source>
        <translation>New request (not saved yet)</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="610"/>
        <source>drafted by %1</source>
        <translation>drafted by %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="612"/>
        <source>server reference %1</source>
        <translation>server reference %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="616"/>
        <source>Returned by the supervisor: %1</source>
        <translation>Returned by the supervisor: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="619"/>
        <source>The regional server refused this request: %1</source>
        <translation>The regional server refused this request: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="624"/>
        <source>Approved and waiting in the outbox. It has NOT reached the regional server yet.</source>
        <translation>Approved and waiting in the outbox. It has NOT reached the regional server yet.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="628"/>
        <source>Request — %1</source>
        <translation>Request — %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="207"/>
        <location filename="../../ui/requests.py" line="636"/>
        <location filename="../../ui/requests.py" line="855"/>
        <source>Bulletin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="208"/>
        <location filename="../../ui/requests.py" line="637"/>
        <location filename="../../ui/requests.py" line="856"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="209"/>
        <location filename="../../ui/requests.py" line="638"/>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="210"/>
        <location filename="../../ui/requests.py" line="639"/>
        <location filename="../../ui/requests.py" line="857"/>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="211"/>
        <location filename="../../ui/requests.py" line="640"/>
        <location filename="../../ui/requests.py" line="858"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="212"/>
        <location filename="../../ui/requests.py" line="641"/>
        <source>Hit</source>
        <translation>Hit</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="664"/>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="722"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="730"/>
        <source>Draft saved on this PC at %1</source>
        <translation>Draft saved on this PC at %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="741"/>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="767"/>
        <source>Submitting…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="774"/>
        <source>Submitted for approval. A supervisor must approve it before it can leave.</source>
        <translation>Submitted for approval. A supervisor must approve it before it can leave.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="780"/>
        <source>Not submitted</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="798"/>
        <source>Withdraw request</source>
        <translation>Withdraw request</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="798"/>
        <source>Why is it withdrawn?</source>
        <translation>Why is it withdrawn?</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="861"/>
        <location filename="../../ui/requests.py" line="866"/>
        <source>Add reference</source>
        <translation>Add reference</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="861"/>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="866"/>
        <source>Reference (number, plate or document):</source>
        <translation>Reference (number, plate or document):</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="873"/>
        <source>Attach a file</source>
        <translation>Attach a file</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <location filename="../../ui/requests.py" line="1125"/>
        <source>&amp;New request</source>
        <translation>&amp;New request</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1126"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1129"/>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1131"/>
        <source>Re&amp;view…</source>
        <translation>Re&amp;view…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1139"/>
        <source>Request stages</source>
        <translation>Request stages</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1142"/>
        <source>Drafts</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1143"/>
        <source>Awaiting approval</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1144"/>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1145"/>
        <source>Outbox</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1146"/>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1147"/>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1150"/>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1151"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1152"/>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1153"/>
        <source>Drafted by</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1154"/>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1155"/>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1157"/>
        <source>Text / reason</source>
        <translation>Text / reason</translation>
    </message>
</context>
<context>
    <name>ResultModel</name>
    <message>
        <location filename="../../ui/search_page.py" line="240"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="241"/>
        <source>Matched</source>
        <translation>Matched</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="242"/>
        <source>Match</source>
        <translation>Match</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="243"/>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="244"/>
        <source>Bulletin</source>
        <translation>Bulletin</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="276"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="277"/>
        <source>Vehicle</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="278"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="281"/>
        <source>Exact</source>
        <translation>Exact</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="282"/>
        <source>Strong</source>
        <translation>Strong</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="283"/>
        <source>Probable</source>
        <translation>Probable</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="284"/>
        <source>Possible</source>
        <translation>Possible</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="285"/>
        <source>Weak</source>
        <translation>Weak</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="286"/>
        <source>Text contains</source>
        <translation>Text contains</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="290"/>
        <source>(CANCELLED)</source>
        <translation>(CANCELLED)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/requests.py" line="954"/>
        <source>Review request</source>
        <translation>Review request</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="963"/>
        <source>Content that will be sent</source>
        <translation>Content that will be sent</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="965"/>
        <source>Changes since it was last returned:</source>
        <translation>Changes since it was last returned:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="968"/>
        <source>Changes since it was last returned</source>
        <translation>Changes since it was last returned</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="970"/>
        <source>Reason for returning (required to return):</source>
        <translation>Reason for returning (required to return):</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="972"/>
        <source>Reason for returning</source>
        <translation>Reason for returning</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="979"/>
        <source>&amp;Approve and send</source>
        <translation>&amp;Approve and send</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="980"/>
        <source>Approves exactly the content shown above.</source>
        <translation>Approves exactly the content shown above.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="982"/>
        <source>Re&amp;turn to the officer</source>
        <translation>Re&amp;turn to the officer</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="984"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1002"/>
        <source>%1 — drafted by %2, revision %3</source>
        <translation>%1 — drafted by %2, revision %3</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1022"/>
        <source>Content hash</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1030"/>
        <source>First submission: nothing to compare.</source>
        <translation>First submission: nothing to compare.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1032"/>
        <source>No changes since the previous submission.</source>
        <translation>No changes since the previous submission.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1066"/>
        <source>You drafted this request: another supervisor must review it.</source>
        <translation>You drafted this request: another supervisor must review it.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../ui/search_page.py" line="137"/>
        <source>same spelling</source>
        <translation>same spelling</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="138"/>
        <source>transliteration</source>
        <translation>transliteration</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="139"/>
        <source>sounds the same</source>
        <translation>sounds the same</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="140"/>
        <source>same consonants</source>
        <translation>same consonants</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="141"/>
        <source>same stem</source>
        <translation>same stem</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="142"/>
        <source>similar letters</source>
        <translation>similar letters</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="143"/>
        <source>beginning</source>
        <translation>beginning</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="144"/>
        <source>initial</source>
        <translation>initial</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="147"/>
        <source>a name part does not match</source>
        <translation>a name part does not match</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="150"/>
        <source>no patronymic on record</source>
        <translation>no patronymic on record</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="151"/>
        <source>patronymic differs</source>
        <translation>patronymic differs</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="152"/>
        <source>name ending suggests the other sex</source>
        <translation>name ending suggests the other sex</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="155"/>
        <source>only one name part</source>
        <translation>only one name part</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="156"/>
        <source>date of birth equal</source>
        <translation>date of birth equal</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="157"/>
        <source>date of birth compatible</source>
        <translation>date of birth compatible</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="158"/>
        <source>date of birth unknown</source>
        <translation>date of birth unknown</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="159"/>
        <source>year of birth differs</source>
        <translation>year of birth differs</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="160"/>
        <source>day or month of birth differs</source>
        <translation>day or month of birth differs</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="163"/>
        <source>day and month swapped</source>
        <translation>day and month swapped</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="164"/>
        <source>sex agrees</source>
        <translation>sex agrees</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="165"/>
        <source>sex differs</source>
        <translation>sex differs</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="166"/>
        <source>sex unknown</source>
        <translation>sex unknown</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="167"/>
        <source>nationality agrees</source>
        <translation>nationality agrees</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="168"/>
        <source>nationality differs</source>
        <translation>nationality differs</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="169"/>
        <source>document number equal</source>
        <translation>document number equal</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="170"/>
        <source>document number differs</source>
        <translation>document number differs</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="173"/>
        <source>VIN equal</source>
        <translation>VIN equal</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="174"/>
        <source>plate equal</source>
        <translation>plate equal</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="175"/>
        <source>plate similar</source>
        <translation>plate similar</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="176"/>
        <source>reference equal</source>
        <translation>reference equal</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="177"/>
        <source>text matches</source>
        <translation>text matches</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="387"/>
        <source>Search people, vehicles and documents</source>
        <translation>Search people, vehicles and documents</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="392"/>
        <source>Name (any script), date of birth, plate, VIN or document number</source>
        <translation>Name (any script), date of birth, plate, VIN or document number</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="394"/>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="397"/>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="406"/>
        <source>Search results</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="414"/>
        <source>Show &amp;bulletin</source>
        <translation>Show &amp;bulletin</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="416"/>
        <source>Record &amp;hit…</source>
        <translation>Record &amp;hit…</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="418"/>
        <source>&amp;Use in request</source>
        <translation>&amp;Use in request</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="438"/>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="444"/>
        <source>%1 results</source>
        <translation>%1 results</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="447"/>
        <source>simple local lookup (exact numbers, name fragments); cross-script name search is not installed</source>
        <translation>simple local lookup (exact numbers, name fragments); cross-script name search is not installed</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings.py" line="48"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="57"/>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="58"/>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="61"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="68"/>
        <source>Lock after inactivity (minutes)</source>
        <translation>Lock after inactivity (minutes)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="70"/>
        <source>The site allows at most %1 minutes.</source>
        <translation>The site allows at most %1 minutes.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="74"/>
        <source>Lock after &amp;inactivity:</source>
        <translation>Lock after &amp;inactivity:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="75"/>
        <source>Download full-size photos only on request</source>
        <translation>Download full-size photos only on request</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="77"/>
        <source>&amp;Metered link:</source>
        <translation>&amp;Metered link:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="80"/>
        <source>A new language applies at once: the main window reopens, drafts are kept.</source>
        <translation>A new language applies at once: the main window reopens, drafts are kept.</translation>
    </message>
</context>
<context>
    <name>SubjectPicker</name>
    <message>
        <location filename="../../ui/requests.py" line="250"/>
        <source>Add a case as subject</source>
        <translation>Add a case as subject</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="253"/>
        <source>Case number or title</source>
        <translation>Case number or title</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="254"/>
        <source>Find case</source>
        <translation>Find case</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="257"/>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/sync_controller.py" line="319"/>
        <source>Downloading the photo from the regional server…</source>
        <translation>Downloading the photo from the regional server…</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="227"/>
        <source>Synchronisation with the regional server</source>
        <translation>Synchronisation with the regional server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="237"/>
        <source>State:</source>
        <translation>State:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="238"/>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="239"/>
        <source>Last confirmed sync (server time):</source>
        <translation>Last confirmed sync (server time):</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="240"/>
        <source>Waiting to be sent:</source>
        <translation>Waiting to be sent:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="241"/>
        <source>Next attempt:</source>
        <translation>Next attempt:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="242"/>
        <source>Last problem:</source>
        <translation>Last problem:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="245"/>
        <source>Transfer progress</source>
        <translation>Transfer progress</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="250"/>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="252"/>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="255"/>
        <source>&amp;Metered link (download full-size photos only on request)</source>
        <translation>&amp;Metered link (download full-size photos only on request)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="263"/>
        <source>Refused by the server</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="265"/>
        <source>Items refused by the server</source>
        <translation>Items refused by the server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>Server&apos;s message</source>
        <translation>Server&apos;s message</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="276"/>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="278"/>
        <source>Withdraw from the outbox</source>
        <translation>Withdraw from the outbox</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="280"/>
        <source>Copy reason</source>
        <translation>Copy reason</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="293"/>
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="294"/>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="330"/>
        <source>No transfer in progress.</source>
        <translation>No transfer in progress.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="44"/>
        <source>Sync unavailable — working offline</source>
        <translation>Sync unavailable — working offline</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="46"/>
        <source>Synchronising…</source>
        <translation>Synchronising…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="48"/>
        <source>Not registered with a server</source>
        <translation>Not registered with a server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="50"/>
        <source>Sync stopped — contact IT staff</source>
        <translation>Sync stopped — contact IT staff</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="52"/>
        <source>Log in online to resume sync</source>
        <translation>Log in online to resume sync</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="54"/>
        <source>Offline — will retry</source>
        <translation>Offline — will retry</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="56"/>
        <source>Up to date</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="57"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="64"/>
        <source>Nothing waiting to be sent</source>
        <translation>Nothing waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="66"/>
        <source>%1 waiting to be sent (%2)</source>
        <translation>%1 waiting to be sent (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="76"/>
        <source>Never synchronised</source>
        <translation>Never synchronised</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="77"/>
        <source>Last confirmed sync: %1</source>
        <translation>Last confirmed sync: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="86"/>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="87"/>
        <source>Sending</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="88"/>
        <source>Uploading files</source>
        <translation>Uploading files</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="89"/>
        <source>Receiving</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="90"/>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="91"/>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="92"/>
        <source>Full-size photos</source>
        <translation>Full-size photos</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="101"/>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="107"/>
        <source>about %1 left</source>
        <translation>about %1 left</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="142"/>
        <source>Sync progress</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="146"/>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="147"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="149"/>
        <source>Details…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="150"/>
        <source>Sync details</source>
        <translation>Sync details</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="183"/>
        <source>Outbox empty</source>
        <translation>Outbox empty</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="185"/>
        <source>To send: %1</source>
        <translation>To send: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="188"/>
        <source>refused: %1</source>
        <translation>refused: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="192"/>
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="193"/>
        <source>never</source>
        <translation>never</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="23"/>
        <source>Red notice (wanted)</source>
        <translation>Red notice (wanted)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24"/>
        <source>Yellow notice (missing)</source>
        <translation>Yellow notice (missing)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="25"/>
        <source>Blue notice (locate)</source>
        <translation>Blue notice (locate)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="26"/>
        <source>Black notice (unidentified body)</source>
        <translation>Black notice (unidentified body)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="29"/>
        <source>Green notice (warning)</source>
        <translation>Green notice (warning)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="30"/>
        <source>Orange notice (threat)</source>
        <translation>Orange notice (threat)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31"/>
        <source>Purple notice (modus operandi)</source>
        <translation>Purple notice (modus operandi)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32"/>
        <source>UN special notice</source>
        <translation>UN special notice</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33"/>
        <source>Stolen vehicle</source>
        <translation>Stolen vehicle</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34"/>
        <source>Stolen document</source>
        <translation>Stolen document</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35"/>
        <source>National alert</source>
        <translation>National alert</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36"/>
        <source>Regional alert</source>
        <translation>Regional alert</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="43"/>
        <source>Request for information</source>
        <translation>Request for information</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="44"/>
        <source>Locate a person</source>
        <translation>Locate a person</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="45"/>
        <source>Document check</source>
        <translation>Document check</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="46"/>
        <source>Vehicle check</source>
        <translation>Vehicle check</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="47"/>
        <source>Hit notification</source>
        <translation>Hit notification</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="48"/>
        <source>Arrest request</source>
        <translation>Arrest request</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="49"/>
        <source>Reply to a foreign request</source>
        <translation>Reply to a foreign request</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="58"/>
        <source>Routine</source>
        <translation>Routine</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="59"/>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="60"/>
        <source>Immediate</source>
        <translation>Immediate</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="67"/>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="68"/>
        <source>Awaiting approval</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="69"/>
        <source>Returned for changes</source>
        <translation>Returned for changes</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="70"/>
        <source>Approved (held)</source>
        <translation>Approved (held)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="71"/>
        <source>In outbox, not yet sent</source>
        <translation>In outbox, not yet sent</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="72"/>
        <source>Received by the server</source>
        <translation>Received by the server</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="73"/>
        <source>Acknowledged by recipient</source>
        <translation>Acknowledged by recipient</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="76"/>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="77"/>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="78"/>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="79"/>
        <source>Rejected by the server</source>
        <translation>Rejected by the server</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="88"/>
        <source>Unrestricted</source>
        <translation>Unrestricted</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="89"/>
        <source>Law enforcement only</source>
        <translation>Law enforcement only</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="90"/>
        <source>Restricted: named recipients only</source>
        <translation>Restricted: named recipients only</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="93"/>
        <source>Not to be passed on without the source&apos;s consent</source>
        <translation>Not to be passed on without the source&apos;s consent</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="103"/>
        <source>UNRESTRICTED</source>
        <translation>UNRESTRICTED</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="104"/>
        <source>LAW ENFORCEMENT USE ONLY</source>
        <translation>LAW ENFORCEMENT USE ONLY</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="107"/>
        <source>RESTRICTED — NAMED RECIPIENTS ONLY</source>
        <translation>RESTRICTED — NAMED RECIPIENTS ONLY</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="110"/>
        <source>NO FURTHER DISSEMINATION WITHOUT THE SOURCE&apos;S CONSENT</source>
        <translation>NO FURTHER DISSEMINATION WITHOUT THE SOURCE&apos;S CONSENT</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="129"/>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="130"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="131"/>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="138"/>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="139"/>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="140"/>
        <source>suspended</source>
        <translation>suspended</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="147"/>
        <source>subject</source>
        <translation>subject</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="148"/>
        <source>suspect</source>
        <translation>suspect</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="149"/>
        <source>victim</source>
        <translation>victim</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="150"/>
        <source>witness</source>
        <translation>witness</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="151"/>
        <source>missing person</source>
        <translation>missing person</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="152"/>
        <source>wanted person</source>
        <translation>wanted person</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="175"/>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="177"/>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="178"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="184"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="186"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="188"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../ui/main.py" line="61"/>
        <source>District Desk cannot start</source>
        <translation>District Desk cannot start</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="64"/>
        <source>Code: %1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="160"/>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="161"/>
        <source>An unexpected error occurred. Your saved work is safe. Please give this file to IT staff: %1</source>
        <translation>An unexpected error occurred. Your saved work is safe. Please give this file to IT staff: %1</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/messages.py" line="33"/>
        <source>Recipients</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="34"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="35"/>
        <source>Due date</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36"/>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="37"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="38"/>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="39"/>
        <source>Handling code</source>
        <translation>Handling code</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40"/>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="41"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="43"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53"/>
        <source>This field is required.</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="54"/>
        <source>This is too long.</source>
        <translation>This is too long.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56"/>
        <source>No more than %1 are allowed.</source>
        <translation>No more than %1 are allowed.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59"/>
        <source>The date is in the past.</source>
        <translation>The date is in the past.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="60"/>
        <location filename="../../ui/messages.py" line="75"/>
        <source>This value is not valid.</source>
        <translation>This value is not valid.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="61"/>
        <source>A subject is incomplete; remove it and add it again.</source>
        <translation>A subject is incomplete; remove it and add it again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="65"/>
        <source>At least %1 characters are required.</source>
        <translation>At least %1 characters are required.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68"/>
        <source>This name is already in use.</source>
        <translation>This name is already in use.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="72"/>
        <source>This is too long (at most %1 characters).</source>
        <translation>This is too long (at most %1 characters).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="81"/>
        <source>The local database cannot be used. Contact IT staff.</source>
        <translation>The local database cannot be used. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84"/>
        <source>The local database is damaged. Contact IT staff; do not delete the data folder.</source>
        <translation>The local database is damaged. Contact IT staff; do not delete the data folder.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="88"/>
        <source>The local database cannot be decrypted with the key held on this PC. Contact IT staff.</source>
        <translation>The local database cannot be decrypted with the key held on this PC. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="93"/>
        <source>The local database was written by a newer version of District Desk. Install the newer version.</source>
        <translation>The local database was written by a newer version of District Desk. Install the newer version.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="98"/>
        <source>The data folder cannot be written to. Contact IT staff.</source>
        <translation>The data folder cannot be written to. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101"/>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>The disk is full. Nothing was saved; free some space and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="104"/>
        <source>A stored file is damaged and cannot be opened.</source>
        <translation>A stored file is damaged and cannot be opened.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="107"/>
        <source>The Windows credential store cannot be used. Contact IT staff.</source>
        <translation>The Windows credential store cannot be used. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="110"/>
        <source>No secure credential store is available on this PC. Contact IT staff.</source>
        <translation>No secure credential store is available on this PC. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="113"/>
        <source>The key of the local database is missing from the credential store. Contact IT staff.</source>
        <translation>The key of the local database is missing from the credential store. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="118"/>
        <source>The site configuration is wrong (%1, line %2). Contact IT staff.</source>
        <translation>The site configuration is wrong (%1, line %2). Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="125"/>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="126"/>
        <source>This account is locked after too many wrong passwords. A supervisor or IT staff must unlock it.</source>
        <translation>This account is locked after too many wrong passwords. A supervisor or IT staff must unlock it.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="131"/>
        <source>You are not allowed to do this.</source>
        <translation>You are not allowed to do this.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132"/>
        <source>Your signing key on this PC is damaged. Contact IT staff.</source>
        <translation>Your signing key on this PC is damaged. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="135"/>
        <source>The record no longer exists. It may have been removed by the server.</source>
        <translation>The record no longer exists. It may have been removed by the server.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="139"/>
        <source>This action is not allowed.</source>
        <translation>This action is not allowed.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="141"/>
        <source>This action is not possible while the request is “%1”.</source>
        <translation>This action is not possible while the request is “%1”.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="146"/>
        <source>You drafted this request, so you cannot approve or return it. Another supervisor must review it.</source>
        <translation>You drafted this request, so you cannot approve or return it. Another supervisor must review it.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="151"/>
        <source>Only a supervisor can do this.</source>
        <translation>Only a supervisor can do this.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="154"/>
        <source>Only a supervisor of the request&apos;s own office can do this.</source>
        <translation>Only a supervisor of the request&apos;s own office can do this.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="157"/>
        <source>Only the officer who drafted the request can do this.</source>
        <translation>Only the officer who drafted the request can do this.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="160"/>
        <source>Please give a reason.</source>
        <translation>Please give a reason.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="161"/>
        <source>This request has been queued or sent and can no longer be changed. Make a copy to change it.</source>
        <translation>This request has been queued or sent and can no longer be changed. Make a copy to change it.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="166"/>
        <source>The request changed after you opened it. Review it again before approving.</source>
        <translation>The request changed after you opened it. Review it again before approving.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="169"/>
        <source>The request is already being sent and can no longer be withdrawn.</source>
        <translation>The request is already being sent and can no longer be withdrawn.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="173"/>
        <location filename="../../ui/messages.py" line="396"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="178"/>
        <source>Synchronisation is not available in this version.</source>
        <translation>Synchronisation is not available in this version.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="181"/>
        <location filename="../../ui/messages.py" line="214"/>
        <source>The regional server cannot be reached. Your work is kept and will be sent when the link is back.</source>
        <translation>The regional server cannot be reached. Your work is kept and will be sent when the link is back.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="186"/>
        <source>This PC is not registered with a regional server. Contact IT staff.</source>
        <translation>This PC is not registered with a regional server. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="189"/>
        <location filename="../../ui/messages.py" line="290"/>
        <location filename="../../ui/messages.py" line="293"/>
        <location filename="../../ui/messages.py" line="296"/>
        <source>Please log in again to synchronise.</source>
        <translation>Please log in again to synchronise.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="190"/>
        <source>The answer from the network was not from the regional server (a captive portal or proxy?). It will be tried again.</source>
        <translation>The answer from the network was not from the regional server (a captive portal or proxy?). It will be tried again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="195"/>
        <source>A synchronisation is already running.</source>
        <translation>A synchronisation is already running.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="198"/>
        <source>The synchronisation was stopped; it will continue later.</source>
        <translation>The synchronisation was stopped; it will continue later.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="201"/>
        <source>The synchronisation failed; it will be tried again.</source>
        <translation>The synchronisation failed; it will be tried again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="204"/>
        <source>Synchronisation has stopped and needs IT staff (wrong server, version or a disconnected PC).</source>
        <translation>Synchronisation has stopped and needs IT staff (wrong server, version or a disconnected PC).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="209"/>
        <source>An internal error stopped the synchronisation. Details are in the log file; please tell IT staff.</source>
        <translation>An internal error stopped the synchronisation. Details are in the log file; please tell IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="219"/>
        <source>The server that answered is not the one this PC is registered with. Contact IT staff.</source>
        <translation>The server that answered is not the one this PC is registered with. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="223"/>
        <source>The regional server refused the request.</source>
        <translation>The regional server refused the request.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="226"/>
        <source>The regional server is busy; it will be tried again.</source>
        <translation>The regional server is busy; it will be tried again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="229"/>
        <source>The link is too slow or was cut; the transfer will resume where it stopped.</source>
        <translation>The link is too slow or was cut; the transfer will resume where it stopped.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="234"/>
        <source>The enrolment code is wrong, already used or expired. Ask the server&apos;s operator for a new code.</source>
        <translation>The enrolment code is wrong, already used or expired. Ask the server&apos;s operator for a new code.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="239"/>
        <source>Enter the one-time enrolment code.</source>
        <translation>Enter the one-time enrolment code.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="242"/>
        <source>The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD.</source>
        <translation>The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="245"/>
        <source>Enter the address of the regional server.</source>
        <translation>Enter the address of the regional server.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="248"/>
        <source>The address must start with https://, e.g. https://sync.region.example.</source>
        <translation>The address must start with https://, e.g. https://sync.region.example.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="251"/>
        <source>Plain http:// is only allowed on this PC itself; use https://.</source>
        <translation>Plain http:// is only allowed on this PC itself; use https://.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="254"/>
        <source>This file does not exist.</source>
        <translation>This file does not exist.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="255"/>
        <source>The regional server cannot be reached at this address. Check the address and the link, then try again.</source>
        <translation>The regional server cannot be reached at this address. Check the address and the link, then try again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="260"/>
        <source>The server&apos;s certificate could not be verified. Check the CA bundle file with IT staff.</source>
        <translation>The server&apos;s certificate could not be verified. Check the CA bundle file with IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="265"/>
        <source>The regional server speaks another protocol version. Install the District Desk version that matches the server.</source>
        <translation>The regional server speaks another protocol version. Install the District Desk version that matches the server.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="270"/>
        <source>The address did not answer as a District Desk regional server (a proxy or login page?). Check the address.</source>
        <translation>The address did not answer as a District Desk regional server (a proxy or login page?). Check the address.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="275"/>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>A weak match can only be recorded after you have checked it yourself.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="278"/>
        <source>This record is not part of a bulletin; a hit needs a bulletin.</source>
        <translation>This record is not part of a bulletin; a hit needs a bulletin.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="281"/>
        <source>Recording hits is not available in this version.</source>
        <translation>Recording hits is not available in this version.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="284"/>
        <source>The regional server is busy or unavailable; it will be tried again.</source>
        <translation>The regional server is busy or unavailable; it will be tried again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="287"/>
        <source>The regional server asked to wait; it will be tried again.</source>
        <translation>The regional server asked to wait; it will be tried again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="299"/>
        <source>The server did not accept the user name or password.</source>
        <translation>The server did not accept the user name or password.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="302"/>
        <source>The regional server needs a newer version of District Desk. Contact IT staff.</source>
        <translation>The regional server needs a newer version of District Desk. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="306"/>
        <source>This PC is configured for another server. Contact IT staff.</source>
        <translation>This PC is configured for another server. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="309"/>
        <source>The server does not know this PC. Contact IT staff.</source>
        <translation>The server does not know this PC. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="312"/>
        <source>This PC has been disconnected by the regional server. Contact IT staff.</source>
        <translation>This PC has been disconnected by the regional server. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="315"/>
        <source>The enrolment code is wrong or expired.</source>
        <translation>The enrolment code is wrong or expired.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="318"/>
        <source>The server holds a different item with the same number.</source>
        <translation>The server holds a different item with the same number.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="321"/>
        <source>An attachment has not reached the server yet; it will be tried again.</source>
        <translation>An attachment has not reached the server yet; it will be tried again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="324"/>
        <source>The server could not read this item.</source>
        <translation>The server could not read this item.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="327"/>
        <source>The server does not know the user who made this item.</source>
        <translation>The server does not know the user who made this item.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="330"/>
        <source>The user belongs to another office.</source>
        <translation>The user belongs to another office.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="333"/>
        <source>The server refused: the request was approved by the person who drafted it.</source>
        <translation>The server refused: the request was approved by the person who drafted it.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="336"/>
        <source>The server refused: the approver is not a supervisor.</source>
        <translation>The server refused: the approver is not a supervisor.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="339"/>
        <source>The server refused: the request differs from what was approved.</source>
        <translation>The server refused: the request differs from what was approved.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="342"/>
        <source>The server refused: the approval is missing.</source>
        <translation>The server refused: the approval is missing.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="345"/>
        <source>The server refused: the approval is not valid.</source>
        <translation>The server refused: the approval is not valid.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="348"/>
        <source>The server does not know this request.</source>
        <translation>The server does not know this request.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="351"/>
        <source>The request was withdrawn.</source>
        <translation>The request was withdrawn.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="352"/>
        <source>The request is already closed.</source>
        <translation>The request is already closed.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="353"/>
        <source>The server refused: the item is not signed.</source>
        <translation>The server refused: the item is not signed.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="356"/>
        <source>The server refused: the signature is not valid.</source>
        <translation>The server refused: the signature is not valid.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="359"/>
        <source>The server refused: the signature was used before.</source>
        <translation>The server refused: the signature was used before.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="362"/>
        <source>The server does not know the signing key of this user. Log in online once to register it.</source>
        <translation>The server does not know the signing key of this user. Log in online once to register it.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="367"/>
        <source>The server does not know the bulletin.</source>
        <translation>The server does not know the bulletin.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="370"/>
        <source>The server does not know the case.</source>
        <translation>The server does not know the case.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="373"/>
        <source>The audit log of this PC failed verification. Contact IT staff.</source>
        <translation>The audit log of this PC failed verification. Contact IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="376"/>
        <source>The item is too large for the server.</source>
        <translation>The item is too large for the server.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="414"/>
        <source>The operation failed (code %1).</source>
        <translation>The operation failed (code %1).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="418"/>
        <source>A file could not be read or written (%1).</source>
        <translation>A file could not be read or written (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="421"/>
        <source>An unexpected error occurred. Details were written to the log file; please tell IT staff.</source>
        <translation>An unexpected error occurred. Details were written to the log file; please tell IT staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="438"/>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="441"/>
        <source>Code: %1</source>
        <translation>Code: %1</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <location filename="../../ui/printing.py" line="82"/>
        <source>Page %1 of %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="152"/>
        <source>Export to PDF</source>
        <translation>Export to PDF</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="154"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
</TS>
