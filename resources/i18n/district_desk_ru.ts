<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/settings.py" line="168"/>
        <source>About District Desk</source>
        <translation>О программе District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="171"/>
        <source>District Desk %1</source>
        <translation>District Desk %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="175"/>
        <source>Data folder:</source>
        <translation>Папка данных:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="176"/>
        <source>Regional server:</source>
        <translation>Региональный сервер:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="177"/>
        <source>Office:</source>
        <translation>Подразделение:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="178"/>
        <source>Key storage:</source>
        <translation>Хранилище ключей:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="179"/>
        <source>Database size:</source>
        <translation>Размер базы данных:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="180"/>
        <source>Last sync (server time):</source>
        <translation>Последняя синхронизация (время сервера):</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="181"/>
        <source>Last sync problem:</source>
        <translation>Последняя ошибка синхронизации:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="189"/>
        <source>Self-test:</source>
        <translation>Самопроверка:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="192"/>
        <source>Self-test results</source>
        <translation>Результаты самопроверки</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="195"/>
        <source>&amp;Save diagnostics report…</source>
        <translation>&amp;Сохранить диагностический отчёт…</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="198"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="228"/>
        <source>Save diagnostics report</source>
        <translation>Сохранить диагностический отчёт</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="230"/>
        <source>JSON files (*.json)</source>
        <translation>Файлы JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>BulletinDetail</name>
    <message>
        <location filename="../../ui/bulletins.py" line="155"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="156"/>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="157"/>
        <source>Issuing country</source>
        <translation>Страна-инициатор</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="158"/>
        <source>Issued</source>
        <translation>Дата издания</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="164"/>
        <source>CANCELLED</source>
        <translation>ОТМЕНЁН</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="168"/>
        <source>Summary</source>
        <translation>Краткое содержание</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="172"/>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="177"/>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="179"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="182"/>
        <source>Data as of (server time)</source>
        <translation>Данные по состоянию на (время сервера)</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="229"/>
        <location filename="../../ui/bulletins.py" line="393"/>
        <source>Photo</source>
        <translation>Фото</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="249"/>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="250"/>
        <source>Reference:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="251"/>
        <source>Issuing country:</source>
        <translation>Страна-инициатор:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="252"/>
        <source>Issued:</source>
        <translation>Дата издания:</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="253"/>
        <source>Data as of (server time):</source>
        <translation>Данные на (время сервера):</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="231"/>
        <location filename="../../ui/bulletins.py" line="357"/>
        <source>Load full photo</source>
        <translation>Загрузить полное фото</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="233"/>
        <source>Downloads the full-size photo from the regional server (uses the link).</source>
        <translation>Загружает фото в полном размере с регионального сервера (расходует канал связи).</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="266"/>
        <source>Record &amp;hit</source>
        <translation>Зафиксировать &amp;совпадение</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="268"/>
        <source>&amp;Use in request</source>
        <translation>&amp;Включить в запрос</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="270"/>
        <source>Export &amp;PDF</source>
        <translation>Экспорт в &amp;PDF</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="272"/>
        <source>P&amp;rint</source>
        <translation>&amp;Печать</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="284"/>
        <source>Select a bulletin in the list.</source>
        <translation>Выберите ориентировку в списке.</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="295"/>
        <location filename="../../ui/bulletins.py" line="352"/>
        <source>No photo</source>
        <translation>Нет фото</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="315"/>
        <source>CANCELLED on %1 — no longer valid. Do not act on this bulletin.</source>
        <translation>ОТМЕНЕНА %1 — более не действительна. Не принимайте мер по этой ориентировке.</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="322"/>
        <source>URGENT</source>
        <translation>СРОЧНО</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="331"/>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="352"/>
        <source>Photo not yet downloaded</source>
        <translation>Фото ещё не загружено</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="357"/>
        <source>Show full photo</source>
        <translation>Показать полное фото</translation>
    </message>
</context>
<context>
    <name>BulletinsPage</name>
    <message>
        <location filename="../../ui/bulletins.py" line="432"/>
        <source>Bulletin kind</source>
        <translation>Вид ориентировки</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="437"/>
        <source>All kinds</source>
        <translation>Все виды</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="441"/>
        <source>Country (e.g. KAZ)</source>
        <translation>Страна (напр. KAZ)</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="442"/>
        <source>Issuing country</source>
        <translation>Страна-инициатор</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="445"/>
        <location filename="../../ui/bulletins.py" line="448"/>
        <source>Issued from</source>
        <translation>Изданы с</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="449"/>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="452"/>
        <source>Issued to</source>
        <translation>Изданы по</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="453"/>
        <source>Hide cancelled</source>
        <translation>Скрыть отменённые</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="454"/>
        <source>Urgent only</source>
        <translation>Только срочные</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="472"/>
        <source>Bulletins</source>
        <translation>Ориентировки</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="475"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="476"/>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="477"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="478"/>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="479"/>
        <source>Issued</source>
        <translation>Дата издания</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="480"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="481"/>
        <source>Handling</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="517"/>
        <source>CANCELLED</source>
        <translation>ОТМЕНЁН</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="519"/>
        <source>Urgent</source>
        <translation>Срочно</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="520"/>
        <source>Valid</source>
        <translation>Действует</translation>
    </message>
    <message>
        <location filename="../../ui/bulletins.py" line="550"/>
        <source>%1 bulletins</source>
        <translation>Ориентировок: %1</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <location filename="../../ui/cases.py" line="149"/>
        <source>Select a case in the list.</source>
        <translation>Выберите дело в списке.</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="153"/>
        <source>Subjects:</source>
        <translation>Фигуранты:</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="155"/>
        <source>Subjects of the case</source>
        <translation>Фигуранты дела</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="158"/>
        <source>Timeline:</source>
        <translation>Ход дела:</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="160"/>
        <source>Case timeline</source>
        <translation>Ход дела</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="164"/>
        <source>New note…</source>
        <translation>Новая запись…</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="165"/>
        <source>New note</source>
        <translation>Новая запись</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="172"/>
        <source>&amp;Add note</source>
        <translation>&amp;Добавить запись</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="174"/>
        <source>&amp;Use in request</source>
        <translation>&amp;Включить в запрос</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="195"/>
        <source>Status: %1 · opened %2</source>
        <translation>Статус: %1 · заведено %2</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="204"/>
        <source>[not yet on the server]</source>
        <translation>[ещё не передано на сервер]</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="206"/>
        <source>Note</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="207"/>
        <source>Linked bulletin</source>
        <translation>Связанная ориентировка</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="208"/>
        <source>Attachment</source>
        <translation>Вложение</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="223"/>
        <source>Write the note first.</source>
        <translation>Сначала введите текст записи.</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../ui/cases.py" line="253"/>
        <source>Filter by case number or title</source>
        <translation>Отбор по номеру или названию дела</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="254"/>
        <source>Filter cases</source>
        <translation>Отбор дел</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="259"/>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="262"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="263"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="264"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="265"/>
        <source>Opened</source>
        <translation>Заведено</translation>
    </message>
    <message>
        <location filename="../../ui/cases.py" line="266"/>
        <source>Handling</source>
        <translation>Гриф</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="115"/>
        <source>District Desk — enrol this PC</source>
        <extracomment>Letters, digits, dashes and spaces: what a code such as ``7KQ4-M2XD-9PHR`` may hold. Field names used by :func:`classify_failure` and the error labels of the dialog.</extracomment>
        <translation>District Desk — регистрация этого ПК</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="119"/>
        <source>Enrol this PC with the regional server</source>
        <translation>Регистрация этого ПК на региональном сервере</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="122"/>
        <source>IT staff: enter the one-time enrolment code issued for this office. Without enrolment District Desk works offline: local users can log in and work, nothing is sent.</source>
        <translation>Для сотрудников ИТ: введите одноразовый код регистрации, выданный для этого подразделения. Без регистрации District Desk работает автономно: локальные пользователи могут войти и работать, но ничего не отправляется.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="140"/>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="145"/>
        <source>Set by the site configuration file.</source>
        <translation>Задан в файле конфигурации площадки.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="147"/>
        <source>&amp;Server address:</source>
        <translation>&amp;Адрес сервера:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="151"/>
        <source>One-time enrolment code</source>
        <translation>Одноразовый код регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="154"/>
        <source>One-time &amp;code:</source>
        <translation>Одноразовый &amp;код:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="161"/>
        <source>CA bundle file (optional)</source>
        <translation>Файл сертификатов ЦС (необязательно)</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="162"/>
        <source>optional</source>
        <translation>необязательно</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="163"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="168"/>
        <source>CA &amp;bundle:</source>
        <translation>&amp;Сертификаты ЦС:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="170"/>
        <location filename="../../ui/enrol_dialog.py" line="239"/>
        <source>not set</source>
        <translation>не задано</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="172"/>
        <source>Office:</source>
        <translation>Подразделение:</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="190"/>
        <source>&amp;Enrol</source>
        <translation>&amp;Зарегистрировать</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="193"/>
        <source>&amp;Work offline</source>
        <translation>&amp;Работать автономно</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="226"/>
        <source>CA bundle</source>
        <translation>Сертификаты ЦС</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="228"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Сертификаты (*.pem *.crt *.cer);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="246"/>
        <source>This PC is already enrolled with %1. Enrolling again replaces its registration; local data and unsent work are kept.</source>
        <translation>Этот ПК уже зарегистрирован на %1. Повторная регистрация заменит её; локальные данные и неотправленная работа сохраняются.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="296"/>
        <source>Enrol again?</source>
        <translation>Зарегистрировать повторно?</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="298"/>
        <source>This PC is already enrolled. Enrol it again with the new code? Local data and requests waiting to be sent are kept.</source>
        <translation>Этот ПК уже зарегистрирован. Зарегистрировать его повторно с новым кодом? Локальные данные и запросы, ожидающие отправки, сохраняются.</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="333"/>
        <source>Contacting the regional server…</source>
        <translation>Связь с региональным сервером…</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="348"/>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/enrol_dialog.py" line="359"/>
        <source>This PC is enrolled with %1 (%2), office %3.</source>
        <translation>Этот ПК зарегистрирован на %1 (%2), подразделение %3.</translation>
    </message>
</context>
<context>
    <name>HandlingBanner</name>
    <message>
        <location filename="../../ui/widgets.py" line="37"/>
        <source>Handling restriction: %1</source>
        <translation>Ограничение распространения: %1</translation>
    </message>
</context>
<context>
    <name>HitDialog</name>
    <message>
        <location filename="../../ui/search_page.py" line="309"/>
        <source>Record a hit</source>
        <translation>Фиксация совпадения</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="313"/>
        <source>Match: %1 (%2)</source>
        <translation>Совпадение: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="318"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="320"/>
        <source>Circumstances</source>
        <translation>Обстоятельства</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="323"/>
        <source>Action taken</source>
        <translation>Принятые меры</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="325"/>
        <source>&amp;Place:</source>
        <translation>&amp;Место:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="326"/>
        <source>&amp;Circumstances:</source>
        <translation>&amp;Обстоятельства:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="327"/>
        <source>&amp;Action taken:</source>
        <translation>&amp;Принятые меры:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="330"/>
        <source>I have checked this weak match myself (documents, photo, details)</source>
        <translation>Я лично проверил это слабое совпадение (документы, фото, приметы)</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="334"/>
        <source>Start a hit notification request</source>
        <translation>Подготовить сообщение о совпадении</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="348"/>
        <source>Say where the hit happened.</source>
        <translation>Укажите, где выявлено совпадение.</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="352"/>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>Слабое совпадение можно зафиксировать только после вашей личной проверки.</translation>
    </message>
</context>
<context>
    <name>HitsPage</name>
    <message>
        <location filename="../../ui/replies.py" line="197"/>
        <location filename="../../ui/replies.py" line="199"/>
        <source>Recorded hits</source>
        <translation>Зафиксированные совпадения</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="202"/>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="203"/>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="204"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="207"/>
        <source>Recorded</source>
        <translation>Зафиксировано</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="208"/>
        <source>What</source>
        <translation>Объект</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="209"/>
        <source>Searched for</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="210"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="211"/>
        <source>Notified</source>
        <translation>Сообщено</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="211"/>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="219"/>
        <source>Double-click a hit to see its bulletin.</source>
        <translation>Дважды щёлкните совпадение, чтобы открыть ориентировку.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/login.py" line="170"/>
        <source>District Desk — locked</source>
        <translation>District Desk — заблокировано</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="175"/>
        <source>Session locked</source>
        <translation>Сеанс заблокирован</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="179"/>
        <source>The session of %1 was locked after a period without activity. Enter the password to continue.</source>
        <translation>Сеанс пользователя %1 заблокирован после периода бездействия. Для продолжения введите пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="187"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="194"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="197"/>
        <source>Log &amp;out</source>
        <translation>&amp;Выйти из сеанса</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="62"/>
        <source>District Desk — log in</source>
        <translation>District Desk — вход</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="66"/>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="67"/>
        <source>Reading this PC&apos;s configuration…</source>
        <translation>Чтение настроек этого компьютера…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="73"/>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="77"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="79"/>
        <source>&amp;User name:</source>
        <translation>&amp;Имя пользователя:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="80"/>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="83"/>
        <source>First time on this PC: log in through the regional server</source>
        <translation>Первый вход на этом компьютере: войти через региональный сервер</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="94"/>
        <source>Version %1</source>
        <translation>Версия %1</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="96"/>
        <source>&amp;Log in</source>
        <translation>&amp;Войти</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="99"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="112"/>
        <source>not set</source>
        <translation>не задано</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="115"/>
        <source>none (offline only)</source>
        <translation>нет (только автономная работа)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="117"/>
        <source>Office: %1
Regional server: %2</source>
        <translation>Подразделение: %1
Региональный сервер: %2</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="124"/>
        <source>Enter your user name and password.</source>
        <translation>Введите имя пользователя и пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="151"/>
        <source>Wrong user name or password. %1 attempts left before the account is locked.</source>
        <translation>Неверное имя пользователя или пароль. До блокировки учётной записи осталось попыток: %1.</translation>
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
        <translation>Разделы</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>Bulletins</source>
        <translation>Ориентировки</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Requests</source>
        <translation>Запросы</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>Replies</source>
        <translation>Ответы</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>Hits</source>
        <translation>Совпадения</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Synchronisation</source>
        <translation>Синхронизация</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>%1 · %2 · office %3</source>
        <translation>%1 · %2 · подразделение %3</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="197"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>&amp;New request</source>
        <translation>&amp;Новый запрос</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>&amp;Lock screen</source>
        <translation>&amp;Заблокировать экран</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>Log &amp;out</source>
        <translation>&amp;Выйти из сеанса</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>&amp;Go</source>
        <translation>П&amp;ереход</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215"/>
        <source>Find…</source>
        <translation>Найти…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="216"/>
        <source>S&amp;ync</source>
        <translation>&amp;Синхронизация</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>Sync &amp;now</source>
        <translation>Синхронизировать &amp;сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>Sync &amp;details</source>
        <translation>&amp;Подробности синхронизации</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <source>&amp;About and diagnostics…</source>
        <translation>&amp;О программе и диагностика…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>&amp;Enrol this PC…</source>
        <translation>&amp;Зарегистрировать этот ПК…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324"/>
        <source>Search for the person, vehicle or document, then choose “Record hit” on the result.</source>
        <translation>Найдите лицо, транспортное средство или документ и выберите «Зафиксировать совпадение» для результата.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="355"/>
        <source>A reply to one of your requests has arrived.</source>
        <translation>Поступил ответ на один из ваших запросов.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="361"/>
        <source>Urgent bulletin: %1</source>
        <translation>Срочная ориентировка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367"/>
        <source>Bulletin %1 was cancelled.</source>
        <translation>Ориентировка %1 отменена.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="378"/>
        <source>The regional server refused an item. See Synchronisation for the reason.</source>
        <translation>Региональный сервер отклонил отправление. Причина — в разделе «Синхронизация».</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384"/>
        <source>A request was returned to you for changes.</source>
        <translation>Запрос возвращён вам на доработку.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="439"/>
        <source>Unread replies: %1</source>
        <translation>Непрочитанных ответов: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="445"/>
        <source>Requests returned to you for changes: %1</source>
        <translation>Запросов, возвращённых вам на доработку: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="453"/>
        <source>Requests awaiting your approval: %1</source>
        <translation>Запросов, ожидающих вашего утверждения: %1</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../ui/widgets.py" line="88"/>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="89"/>
        <source>Open: %1</source>
        <translation>Открыть: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="94"/>
        <location filename="../../ui/widgets.py" line="95"/>
        <source>Dismiss notice</source>
        <translation>Скрыть уведомление</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <location filename="../../ui/ops.py" line="207"/>
        <source>Cancel</source>
        <extracomment>How long an operation may run before a progress dialog appears (no flicker for quick ones). At most this many progress signals per second cross from a worker to the GUI thread. Operations whose result has not been delivered yet, by id (tests wait on it).</extracomment>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/ops.py" line="209"/>
        <source>Please wait</source>
        <translation>Подождите</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../ui/person.py" line="100"/>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="107"/>
        <source>All recorded spellings:</source>
        <translation>Все учтённые написания:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="109"/>
        <source>All recorded spellings</source>
        <translation>Все учтённые написания</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="117"/>
        <source>Details:</source>
        <translation>Сведения:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="118"/>
        <source>Bulletin:</source>
        <translation>Ориентировка:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="119"/>
        <source>Cases:</source>
        <translation>Дела:</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="122"/>
        <source>Show &amp;bulletin</source>
        <translation>Показать &amp;ориентировку</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="125"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="136"/>
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="140"/>
        <source>male</source>
        <translation>мужской</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="140"/>
        <source>female</source>
        <translation>женский</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="140"/>
        <source>sex unknown</source>
        <translation>пол неизвестен</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="141"/>
        <source>date of birth unknown</source>
        <translation>дата рождения неизвестна</translation>
    </message>
    <message>
        <location filename="../../ui/person.py" line="148"/>
        <source>(CANCELLED)</source>
        <translation>(ОТМЕНЕНА)</translation>
    </message>
</context>
<context>
    <name>RepliesPage</name>
    <message>
        <location filename="../../ui/replies.py" line="110"/>
        <source>Replies</source>
        <translation>Ответы</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="121"/>
        <source>Received</source>
        <translation>Получен</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="122"/>
        <source>From</source>
        <translation>От кого</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="123"/>
        <source>Handling</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="124"/>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="135"/>
        <source>Select a reply.</source>
        <translation>Выберите ответ.</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="138"/>
        <source>Text of the reply</source>
        <translation>Текст ответа</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="141"/>
        <source>Show the &amp;request</source>
        <translation>Показать &amp;запрос</translation>
    </message>
    <message>
        <location filename="../../ui/replies.py" line="176"/>
        <source>From %1, received %2</source>
        <translation>От: %1, получен %2</translation>
    </message>
</context>
<context>
    <name>RequestEditor</name>
    <message>
        <location filename="../../ui/requests.py" line="220"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="221"/>
        <location filename="../../ui/requests.py" line="363"/>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="222"/>
        <location filename="../../ui/requests.py" line="371"/>
        <source>Due date</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="223"/>
        <location filename="../../ui/requests.py" line="382"/>
        <source>Recipients</source>
        <translation>Адресаты</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="225"/>
        <location filename="../../ui/requests.py" line="389"/>
        <source>Subjects</source>
        <translation>Объекты запроса</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="228"/>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="229"/>
        <source>Drafted by</source>
        <translation>Составитель</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="230"/>
        <source>Content hash</source>
        <translation>Контрольная сумма содержания</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="234"/>
        <source>Server reference</source>
        <translation>Номер на сервере</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="324"/>
        <source>Request</source>
        <translation>Запрос</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="350"/>
        <source>Error: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="358"/>
        <source>Request type</source>
        <translation>Вид запроса</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="359"/>
        <source>&amp;Type:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="364"/>
        <source>&amp;Priority:</source>
        <translation>&amp;Срочность:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="368"/>
        <source>Answer needed by</source>
        <translation>Ответ требуется до</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="377"/>
        <source>&amp;Due date:</source>
        <translation>Сро&amp;к:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="380"/>
        <source>Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)</source>
        <translation>Коды органов через запятую (напр. NCB-MOSCOW, KZ-GP)</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="383"/>
        <source>&amp;Recipients:</source>
        <translation>&amp;Адресаты:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="393"/>
        <source>Add &amp;case…</source>
        <translation>Добавить &amp;дело…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="395"/>
        <source>Add reference…</source>
        <translation>Добавить по номеру…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="397"/>
        <location filename="../../ui/requests.py" line="428"/>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="398"/>
        <source>Remove subject</source>
        <translation>Удалить объект</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="404"/>
        <source>&amp;Subjects:</source>
        <translation>&amp;Объекты:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="407"/>
        <source>Text of the request</source>
        <translation>Текст запроса</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="409"/>
        <source>What is asked, why, and what is already known.</source>
        <translation>Что запрашивается, на каком основании и что уже известно.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="410"/>
        <source>Te&amp;xt:</source>
        <translation>&amp;Текст:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="415"/>
        <source>Handling code</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="416"/>
        <source>&amp;Handling:</source>
        <translation>&amp;Гриф:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="422"/>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="426"/>
        <source>&amp;Attach file…</source>
        <translation>&amp;Приложить файл…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="429"/>
        <source>Remove attachment</source>
        <translation>Удалить вложение</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="435"/>
        <source>Attach&amp;ments:</source>
        <translation>Вло&amp;жения:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="442"/>
        <source>&amp;Save draft</source>
        <translation>&amp;Сохранить черновик</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="443"/>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="445"/>
        <source>Submit for a&amp;pproval</source>
        <translation>Направить на &amp;утверждение</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="446"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="448"/>
        <source>&amp;Review…</source>
        <translation>&amp;Рассмотреть…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="450"/>
        <source>Send to outbox</source>
        <translation>Передать в исходящие</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="452"/>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Отозвать…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="454"/>
        <source>Copy to new draft</source>
        <translation>Копировать в новый черновик</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="456"/>
        <source>Close request</source>
        <translation>Закрыть запрос</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="458"/>
        <source>Export PDF</source>
        <translation>Экспорт в PDF</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="460"/>
        <source>Print</source>
        <translation>Печать</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="462"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="606"/>
        <source>New request (not saved yet)</source>
        <translation>Новый запрос (ещё не сохранён)</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="610"/>
        <source>drafted by %1</source>
        <translation>составитель: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="612"/>
        <source>server reference %1</source>
        <translation>номер на сервере: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="616"/>
        <source>Returned by the supervisor: %1</source>
        <translation>Возвращён руководителем: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="619"/>
        <source>The regional server refused this request: %1</source>
        <translation>Региональный сервер отклонил этот запрос: %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="624"/>
        <source>Approved and waiting in the outbox. It has NOT reached the regional server yet.</source>
        <translation>Утверждён и ожидает отправки. На региональный сервер он ЕЩЁ НЕ поступил.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="628"/>
        <source>Request — %1</source>
        <translation>Запрос — %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="207"/>
        <location filename="../../ui/requests.py" line="636"/>
        <location filename="../../ui/requests.py" line="855"/>
        <source>Bulletin</source>
        <translation>Ориентировка</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="208"/>
        <location filename="../../ui/requests.py" line="637"/>
        <location filename="../../ui/requests.py" line="856"/>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="209"/>
        <location filename="../../ui/requests.py" line="638"/>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="210"/>
        <location filename="../../ui/requests.py" line="639"/>
        <location filename="../../ui/requests.py" line="857"/>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="211"/>
        <location filename="../../ui/requests.py" line="640"/>
        <location filename="../../ui/requests.py" line="858"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="212"/>
        <location filename="../../ui/requests.py" line="641"/>
        <source>Hit</source>
        <translation>Совпадение</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="664"/>
        <source>Unsaved changes</source>
        <translation>Есть несохранённые изменения</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="722"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="730"/>
        <source>Draft saved on this PC at %1</source>
        <translation>Черновик сохранён на этом компьютере в %1</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="741"/>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="767"/>
        <source>Submitting…</source>
        <translation>Направление…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="774"/>
        <source>Submitted for approval. A supervisor must approve it before it can leave.</source>
        <translation>Направлен на утверждение. Запрос будет отправлен только после утверждения руководителем.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="780"/>
        <source>Not submitted</source>
        <translation>Не направлен</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="798"/>
        <source>Withdraw request</source>
        <translation>Отзыв запроса</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="798"/>
        <source>Why is it withdrawn?</source>
        <translation>Причина отзыва:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="861"/>
        <location filename="../../ui/requests.py" line="866"/>
        <source>Add reference</source>
        <translation>Добавление по номеру</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="861"/>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="866"/>
        <source>Reference (number, plate or document):</source>
        <translation>Номер (ориентировки, госномер или документа):</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="873"/>
        <source>Attach a file</source>
        <translation>Приложить файл</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <location filename="../../ui/requests.py" line="1125"/>
        <source>&amp;New request</source>
        <translation>&amp;Новый запрос</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1126"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1129"/>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1131"/>
        <source>Re&amp;view…</source>
        <translation>&amp;Рассмотреть…</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1139"/>
        <source>Request stages</source>
        <translation>Этапы запросов</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1142"/>
        <source>Drafts</source>
        <translation>Черновики</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1143"/>
        <source>Awaiting approval</source>
        <translation>На утверждении</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1144"/>
        <source>Returned</source>
        <translation>Возвращённые</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1145"/>
        <source>Outbox</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1146"/>
        <source>Sent</source>
        <translation>Отправленные</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1147"/>
        <source>Answered</source>
        <translation>С ответом</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1150"/>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1151"/>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1152"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1153"/>
        <source>Drafted by</source>
        <translation>Составитель</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1154"/>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1155"/>
        <source>Updated</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1157"/>
        <source>Text / reason</source>
        <translation>Текст / причина</translation>
    </message>
</context>
<context>
    <name>ResultModel</name>
    <message>
        <location filename="../../ui/search_page.py" line="240"/>
        <source>What</source>
        <translation>Объект</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="241"/>
        <source>Matched</source>
        <translation>Совпавшее написание</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="242"/>
        <source>Match</source>
        <translation>Совпадение</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="243"/>
        <source>Why</source>
        <translation>Основание</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="244"/>
        <source>Bulletin</source>
        <translation>Ориентировка</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="276"/>
        <source>Person</source>
        <translation>Лицо</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="277"/>
        <source>Vehicle</source>
        <translation>Транспортное средство</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="278"/>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="281"/>
        <source>Exact</source>
        <translation>Точное</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="282"/>
        <source>Strong</source>
        <translation>Сильное</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="283"/>
        <source>Probable</source>
        <translation>Вероятное</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="284"/>
        <source>Possible</source>
        <translation>Возможное</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="285"/>
        <source>Weak</source>
        <translation>Слабое</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="286"/>
        <source>Text contains</source>
        <translation>Вхождение текста</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="290"/>
        <source>(CANCELLED)</source>
        <translation>(ОТМЕНЕНА)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/requests.py" line="954"/>
        <source>Review request</source>
        <translation>Рассмотрение запроса</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="963"/>
        <source>Content that will be sent</source>
        <translation>Содержание, которое будет отправлено</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="965"/>
        <source>Changes since it was last returned:</source>
        <translation>Изменения после последнего возврата:</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="968"/>
        <source>Changes since it was last returned</source>
        <translation>Изменения после последнего возврата</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="970"/>
        <source>Reason for returning (required to return):</source>
        <translation>Причина возврата (обязательна при возврате):</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="972"/>
        <source>Reason for returning</source>
        <translation>Причина возврата</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="979"/>
        <source>&amp;Approve and send</source>
        <translation>&amp;Утвердить и отправить</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="980"/>
        <source>Approves exactly the content shown above.</source>
        <translation>Утверждается именно то содержание, которое показано выше.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="982"/>
        <source>Re&amp;turn to the officer</source>
        <translation>&amp;Вернуть исполнителю</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="984"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1002"/>
        <source>%1 — drafted by %2, revision %3</source>
        <translation>%1 — составитель %2, редакция %3</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1022"/>
        <source>Content hash</source>
        <translation>Контрольная сумма содержания</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1030"/>
        <source>First submission: nothing to compare.</source>
        <translation>Первое направление: сравнивать не с чем.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1032"/>
        <source>No changes since the previous submission.</source>
        <translation>Изменений с предыдущего направления нет.</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="1066"/>
        <source>You drafted this request: another supervisor must review it.</source>
        <translation>Вы составили этот запрос: его должен рассмотреть другой руководитель.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../ui/search_page.py" line="137"/>
        <source>same spelling</source>
        <translation>то же написание</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="138"/>
        <source>transliteration</source>
        <translation>транслитерация</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="139"/>
        <source>sounds the same</source>
        <translation>звучит одинаково</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="140"/>
        <source>same consonants</source>
        <translation>те же согласные</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="141"/>
        <source>same stem</source>
        <translation>та же основа</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="142"/>
        <source>similar letters</source>
        <translation>похожие буквы</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="143"/>
        <source>beginning</source>
        <translation>начало</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="144"/>
        <source>initial</source>
        <translation>инициал</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="147"/>
        <source>a name part does not match</source>
        <translation>часть имени не совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="150"/>
        <source>no patronymic on record</source>
        <translation>отчество в учёте отсутствует</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="151"/>
        <source>patronymic differs</source>
        <translation>отчество отличается</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="152"/>
        <source>name ending suggests the other sex</source>
        <translation>окончание фамилии указывает на другой пол</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="155"/>
        <source>only one name part</source>
        <translation>только одна часть имени</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="156"/>
        <source>date of birth equal</source>
        <translation>дата рождения совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="157"/>
        <source>date of birth compatible</source>
        <translation>дата рождения не противоречит</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="158"/>
        <source>date of birth unknown</source>
        <translation>дата рождения неизвестна</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="159"/>
        <source>year of birth differs</source>
        <translation>год рождения отличается</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="160"/>
        <source>day or month of birth differs</source>
        <translation>день или месяц рождения отличается</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="163"/>
        <source>day and month swapped</source>
        <translation>день и месяц переставлены</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="164"/>
        <source>sex agrees</source>
        <translation>пол совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="165"/>
        <source>sex differs</source>
        <translation>пол отличается</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="166"/>
        <source>sex unknown</source>
        <translation>пол неизвестен</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="167"/>
        <source>nationality agrees</source>
        <translation>гражданство совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="168"/>
        <source>nationality differs</source>
        <translation>гражданство отличается</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="169"/>
        <source>document number equal</source>
        <translation>номер документа совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="170"/>
        <source>document number differs</source>
        <translation>номер документа отличается</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="173"/>
        <source>VIN equal</source>
        <translation>VIN совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="174"/>
        <source>plate equal</source>
        <translation>госномер совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="175"/>
        <source>plate similar</source>
        <translation>госномер похож</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="176"/>
        <source>reference equal</source>
        <translation>номер совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="177"/>
        <source>text matches</source>
        <translation>текст совпадает</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="387"/>
        <source>Search people, vehicles and documents</source>
        <translation>Поиск лиц, транспортных средств и документов</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="392"/>
        <source>Name (any script), date of birth, plate, VIN or document number</source>
        <translation>ФИО (любым алфавитом), дата рождения, госномер, VIN или номер документа</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="394"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="397"/>
        <source>&amp;Search</source>
        <translation>&amp;Найти</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="406"/>
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="414"/>
        <source>Show &amp;bulletin</source>
        <translation>Показать &amp;ориентировку</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="416"/>
        <source>Record &amp;hit…</source>
        <translation>Зафиксировать &amp;совпадение…</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="418"/>
        <source>&amp;Use in request</source>
        <translation>&amp;Включить в запрос</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="438"/>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="444"/>
        <source>%1 results</source>
        <translation>Найдено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.py" line="447"/>
        <source>simple local lookup (exact numbers, name fragments); cross-script name search is not installed</source>
        <translation>упрощённый локальный поиск (точные номера, фрагменты имени); поиск имён в разных алфавитах не установлен</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings.py" line="48"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="57"/>
        <source>Interface language</source>
        <translation>Язык интерфейса</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="58"/>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="61"/>
        <source>min</source>
        <translation>мин</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="68"/>
        <source>Lock after inactivity (minutes)</source>
        <translation>Блокировка при бездействии (минут)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="70"/>
        <source>The site allows at most %1 minutes.</source>
        <translation>Настройки подразделения допускают не более %1 мин.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="74"/>
        <source>Lock after &amp;inactivity:</source>
        <translation>Блокировка при &amp;бездействии:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="75"/>
        <source>Download full-size photos only on request</source>
        <translation>Загружать полноразмерные фото только по запросу</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="77"/>
        <source>&amp;Metered link:</source>
        <translation>&amp;Лимитный канал:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="80"/>
        <source>A new language applies at once: the main window reopens, drafts are kept.</source>
        <translation>Новый язык применяется сразу: главное окно откроется заново, черновики сохранятся.</translation>
    </message>
</context>
<context>
    <name>SubjectPicker</name>
    <message>
        <location filename="../../ui/requests.py" line="250"/>
        <source>Add a case as subject</source>
        <translation>Добавление дела в объекты запроса</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="253"/>
        <source>Case number or title</source>
        <translation>Номер или название дела</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="254"/>
        <source>Find case</source>
        <translation>Поиск дела</translation>
    </message>
    <message>
        <location filename="../../ui/requests.py" line="257"/>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/sync_controller.py" line="319"/>
        <source>Downloading the photo from the regional server…</source>
        <translation>Загрузка фото с регионального сервера…</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="227"/>
        <source>Synchronisation with the regional server</source>
        <translation>Синхронизация с региональным сервером</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="237"/>
        <source>State:</source>
        <translation>Состояние:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="238"/>
        <source>Server:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="239"/>
        <source>Last confirmed sync (server time):</source>
        <translation>Последняя подтверждённая синхронизация (время сервера):</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="240"/>
        <source>Waiting to be sent:</source>
        <translation>Ожидает отправки:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="241"/>
        <source>Next attempt:</source>
        <translation>Следующая попытка:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="242"/>
        <source>Last problem:</source>
        <translation>Последняя ошибка:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="245"/>
        <source>Transfer progress</source>
        <translation>Ход передачи</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="250"/>
        <source>&amp;Sync now</source>
        <translation>Синхронизировать &amp;сейчас</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="252"/>
        <source>S&amp;top</source>
        <translation>&amp;Остановить</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="255"/>
        <source>&amp;Metered link (download full-size photos only on request)</source>
        <translation>&amp;Лимитный канал (полноразмерные фото — только по запросу)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="263"/>
        <source>Refused by the server</source>
        <translation>Отклонено сервером</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="265"/>
        <source>Items refused by the server</source>
        <translation>Отправления, отклонённые сервером</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>Item</source>
        <translation>Отправление</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>Server&apos;s message</source>
        <translation>Сообщение сервера</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="267"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="276"/>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="278"/>
        <source>Withdraw from the outbox</source>
        <translation>Изъять из исходящих</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="280"/>
        <source>Copy reason</source>
        <translation>Копировать причину</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="293"/>
        <source>not configured</source>
        <translation>не настроен</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="294"/>
        <source>never</source>
        <translation>не выполнялась</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="330"/>
        <source>No transfer in progress.</source>
        <translation>Передача не выполняется.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="44"/>
        <source>Sync unavailable — working offline</source>
        <translation>Синхронизация недоступна — автономная работа</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="46"/>
        <source>Synchronising…</source>
        <translation>Идёт синхронизация…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="48"/>
        <source>Not registered with a server</source>
        <translation>Не зарегистрирован на сервере</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="50"/>
        <source>Sync stopped — contact IT staff</source>
        <translation>Синхронизация остановлена — обратитесь к специалисту по ИТ</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="52"/>
        <source>Log in online to resume sync</source>
        <translation>Для продолжения синхронизации войдите через сервер</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="54"/>
        <source>Offline — will retry</source>
        <translation>Нет связи — повторная попытка будет выполнена</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="56"/>
        <source>Up to date</source>
        <translation>Данные актуальны</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="57"/>
        <source>Online</source>
        <translation>На связи</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="64"/>
        <source>Nothing waiting to be sent</source>
        <translation>Нет данных, ожидающих отправки</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="66"/>
        <source>%1 waiting to be sent (%2)</source>
        <translation>Ожидает отправки: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="76"/>
        <source>Never synchronised</source>
        <translation>Синхронизация ещё не выполнялась</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="77"/>
        <source>Last confirmed sync: %1</source>
        <translation>Последняя подтверждённая синхронизация: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="86"/>
        <source>Connecting</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="87"/>
        <source>Sending</source>
        <translation>Отправка</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="88"/>
        <source>Uploading files</source>
        <translation>Передача файлов</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="89"/>
        <source>Receiving</source>
        <translation>Приём</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="90"/>
        <source>Checking</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="91"/>
        <source>Photos</source>
        <translation>Фото</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="92"/>
        <source>Full-size photos</source>
        <translation>Полноразмерные фото</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="101"/>
        <source>%1/s</source>
        <translation>%1/с</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="107"/>
        <source>about %1 left</source>
        <translation>осталось около %1</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="142"/>
        <source>Sync progress</source>
        <translation>Ход синхронизации</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="146"/>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="147"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="149"/>
        <source>Details…</source>
        <translation>Подробнее…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="150"/>
        <source>Sync details</source>
        <translation>Подробности синхронизации</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="183"/>
        <source>Outbox empty</source>
        <translation>Исходящих нет</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="185"/>
        <source>To send: %1</source>
        <translation>К отправке: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="188"/>
        <source>refused: %1</source>
        <translation>отклонено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="192"/>
        <source>Last sync: %1</source>
        <translation>Синхронизация: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="193"/>
        <source>never</source>
        <translation>не выполнялась</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="23"/>
        <source>Red notice (wanted)</source>
        <translation>Красный циркуляр (розыск)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24"/>
        <source>Yellow notice (missing)</source>
        <translation>Жёлтый циркуляр (безвестно пропавший)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="25"/>
        <source>Blue notice (locate)</source>
        <translation>Синий циркуляр (установление местонахождения)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="26"/>
        <source>Black notice (unidentified body)</source>
        <translation>Чёрный циркуляр (неопознанный труп)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="29"/>
        <source>Green notice (warning)</source>
        <translation>Зелёный циркуляр (предупреждение)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="30"/>
        <source>Orange notice (threat)</source>
        <translation>Оранжевый циркуляр (угроза)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31"/>
        <source>Purple notice (modus operandi)</source>
        <translation>Фиолетовый циркуляр (способ совершения)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32"/>
        <source>UN special notice</source>
        <translation>Специальный циркуляр ООН</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33"/>
        <source>Stolen vehicle</source>
        <translation>Похищенное ТС</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34"/>
        <source>Stolen document</source>
        <translation>Похищенный документ</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35"/>
        <source>National alert</source>
        <translation>Национальная ориентировка</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36"/>
        <source>Regional alert</source>
        <translation>Региональная ориентировка</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="43"/>
        <source>Request for information</source>
        <translation>Запрос информации</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="44"/>
        <source>Locate a person</source>
        <translation>Установление местонахождения</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="45"/>
        <source>Document check</source>
        <translation>Проверка документа</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="46"/>
        <source>Vehicle check</source>
        <translation>Проверка ТС</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="47"/>
        <source>Hit notification</source>
        <translation>Сообщение о совпадении</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="48"/>
        <source>Arrest request</source>
        <translation>Запрос об аресте</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="49"/>
        <source>Reply to a foreign request</source>
        <translation>Ответ на иностранный запрос</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="58"/>
        <source>Routine</source>
        <translation>Обычная</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="59"/>
        <source>Urgent</source>
        <translation>Срочно</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="60"/>
        <source>Immediate</source>
        <translation>Немедленно</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="67"/>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="68"/>
        <source>Awaiting approval</source>
        <translation>На утверждении</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="69"/>
        <source>Returned for changes</source>
        <translation>Возвращён на доработку</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="70"/>
        <source>Approved (held)</source>
        <translation>Утверждён (задержан)</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="71"/>
        <source>In outbox, not yet sent</source>
        <translation>В исходящих, ещё не отправлен</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="72"/>
        <source>Received by the server</source>
        <translation>Принят сервером</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="73"/>
        <source>Acknowledged by recipient</source>
        <translation>Получение подтверждено адресатом</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="76"/>
        <source>Answered</source>
        <translation>С ответом</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="77"/>
        <source>Closed</source>
        <translation>Закрыт</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="78"/>
        <source>Withdrawn</source>
        <translation>Отозван</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="79"/>
        <source>Rejected by the server</source>
        <translation>Отклонён сервером</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="88"/>
        <source>Unrestricted</source>
        <translation>Без ограничений</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="89"/>
        <source>Law enforcement only</source>
        <translation>Только для правоохранительных органов</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="90"/>
        <source>Restricted: named recipients only</source>
        <translation>Ограниченный: только указанным адресатам</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="93"/>
        <source>Not to be passed on without the source&apos;s consent</source>
        <translation>Без согласия источника не передавать</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="103"/>
        <source>UNRESTRICTED</source>
        <translation>БЕЗ ОГРАНИЧЕНИЙ</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="104"/>
        <source>LAW ENFORCEMENT USE ONLY</source>
        <translation>ТОЛЬКО ДЛЯ ПРАВООХРАНИТЕЛЬНЫХ ОРГАНОВ</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="107"/>
        <source>RESTRICTED — NAMED RECIPIENTS ONLY</source>
        <translation>ОГРАНИЧЕННОГО РАСПРОСТРАНЕНИЯ — ТОЛЬКО УКАЗАННЫМ АДРЕСАТАМ</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="110"/>
        <source>NO FURTHER DISSEMINATION WITHOUT THE SOURCE&apos;S CONSENT</source>
        <translation>ДАЛЬНЕЙШАЯ ПЕРЕДАЧА БЕЗ СОГЛАСИЯ ИСТОЧНИКА ЗАПРЕЩЕНА</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="129"/>
        <source>Officer</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="130"/>
        <source>Supervisor</source>
        <translation>Руководитель</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="131"/>
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="138"/>
        <source>open</source>
        <translation>в производстве</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="139"/>
        <source>closed</source>
        <translation>прекращено</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="140"/>
        <source>suspended</source>
        <translation>приостановлено</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="147"/>
        <source>subject</source>
        <translation>фигурант</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="148"/>
        <source>suspect</source>
        <translation>подозреваемый</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="149"/>
        <source>victim</source>
        <translation>потерпевший</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="150"/>
        <source>witness</source>
        <translation>свидетель</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="151"/>
        <source>missing person</source>
        <translation>без вести пропавший</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="152"/>
        <source>wanted person</source>
        <translation>разыскиваемый</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="175"/>
        <source>%1 B</source>
        <translation>%1 Б</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="177"/>
        <source>%1 KB</source>
        <translation>%1 КБ</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="178"/>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="184"/>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="186"/>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="188"/>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../ui/main.py" line="61"/>
        <source>District Desk cannot start</source>
        <translation>District Desk не может быть запущен</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="64"/>
        <source>Code: %1</source>
        <translation>Код: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="160"/>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="161"/>
        <source>An unexpected error occurred. Your saved work is safe. Please give this file to IT staff: %1</source>
        <translation>Произошла непредвиденная ошибка. Сохранённые данные не пострадали. Передайте этот файл специалисту по ИТ: %1</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/messages.py" line="33"/>
        <source>Recipients</source>
        <translation>Адресаты</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="34"/>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="35"/>
        <source>Due date</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="36"/>
        <source>Subjects</source>
        <translation>Объекты запроса</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="37"/>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="38"/>
        <source>Priority</source>
        <translation>Срочность</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="39"/>
        <source>Handling code</source>
        <translation>Гриф</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40"/>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="41"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42"/>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="43"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53"/>
        <source>This field is required.</source>
        <translation>Обязательное поле.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="54"/>
        <source>This is too long.</source>
        <translation>Слишком длинное значение.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56"/>
        <source>No more than %1 are allowed.</source>
        <translation>Допускается не более %1.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59"/>
        <source>The date is in the past.</source>
        <translation>Дата уже прошла.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="60"/>
        <location filename="../../ui/messages.py" line="75"/>
        <source>This value is not valid.</source>
        <translation>Недопустимое значение.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="61"/>
        <source>A subject is incomplete; remove it and add it again.</source>
        <translation>Объект запроса указан не полностью; удалите его и добавьте снова.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="65"/>
        <source>At least %1 characters are required.</source>
        <translation>Требуется не менее %1 символов.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68"/>
        <source>This name is already in use.</source>
        <translation>Это имя уже занято.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="72"/>
        <source>This is too long (at most %1 characters).</source>
        <translation>Слишком длинное значение (не более %1 символов).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="81"/>
        <source>The local database cannot be used. Contact IT staff.</source>
        <translation>Локальная база данных недоступна. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84"/>
        <source>The local database is damaged. Contact IT staff; do not delete the data folder.</source>
        <translation>Локальная база данных повреждена. Обратитесь к специалисту по ИТ; не удаляйте папку данных.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="88"/>
        <source>The local database cannot be decrypted with the key held on this PC. Contact IT staff.</source>
        <translation>Локальную базу данных невозможно расшифровать ключом, хранящимся на этом компьютере. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="93"/>
        <source>The local database was written by a newer version of District Desk. Install the newer version.</source>
        <translation>Локальная база данных создана более новой версией District Desk. Установите новую версию.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="98"/>
        <source>The data folder cannot be written to. Contact IT staff.</source>
        <translation>Запись в папку данных невозможна. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101"/>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>Диск заполнен. Ничего не сохранено; освободите место и повторите.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="104"/>
        <source>A stored file is damaged and cannot be opened.</source>
        <translation>Сохранённый файл повреждён и не может быть открыт.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="107"/>
        <source>The Windows credential store cannot be used. Contact IT staff.</source>
        <translation>Хранилище учётных данных Windows недоступно. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="110"/>
        <source>No secure credential store is available on this PC. Contact IT staff.</source>
        <translation>На этом компьютере нет защищённого хранилища учётных данных. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="113"/>
        <source>The key of the local database is missing from the credential store. Contact IT staff.</source>
        <translation>Ключ локальной базы данных отсутствует в хранилище учётных данных. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="118"/>
        <source>The site configuration is wrong (%1, line %2). Contact IT staff.</source>
        <translation>Ошибка в настройках подразделения (%1, строка %2). Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="125"/>
        <source>Wrong user name or password.</source>
        <translation>Неверное имя пользователя или пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="126"/>
        <source>This account is locked after too many wrong passwords. A supervisor or IT staff must unlock it.</source>
        <translation>Учётная запись заблокирована после многократного ввода неверного пароля. Разблокировать её может руководитель или специалист по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="131"/>
        <source>You are not allowed to do this.</source>
        <translation>У вас нет прав на это действие.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132"/>
        <source>Your signing key on this PC is damaged. Contact IT staff.</source>
        <translation>Ваш ключ электронной подписи на этом компьютере повреждён. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="135"/>
        <source>The record no longer exists. It may have been removed by the server.</source>
        <translation>Запись больше не существует. Возможно, она удалена сервером.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="139"/>
        <source>This action is not allowed.</source>
        <translation>Это действие не допускается.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="141"/>
        <source>This action is not possible while the request is “%1”.</source>
        <translation>Это действие невозможно, пока запрос в состоянии «%1».</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="146"/>
        <source>You drafted this request, so you cannot approve or return it. Another supervisor must review it.</source>
        <translation>Вы составили этот запрос, поэтому не можете его утвердить или вернуть. Его должен рассмотреть другой руководитель.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="151"/>
        <source>Only a supervisor can do this.</source>
        <translation>Это действие доступно только руководителю.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="154"/>
        <source>Only a supervisor of the request&apos;s own office can do this.</source>
        <translation>Это действие доступно только руководителю подразделения, составившего запрос.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="157"/>
        <source>Only the officer who drafted the request can do this.</source>
        <translation>Это действие доступно только составителю запроса.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="160"/>
        <source>Please give a reason.</source>
        <translation>Укажите причину.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="161"/>
        <source>This request has been queued or sent and can no longer be changed. Make a copy to change it.</source>
        <translation>Запрос поставлен в очередь или отправлен и больше не может быть изменён. Для изменения создайте копию.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="166"/>
        <source>The request changed after you opened it. Review it again before approving.</source>
        <translation>Запрос изменился после того, как вы его открыли. Рассмотрите его повторно перед утверждением.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="169"/>
        <source>The request is already being sent and can no longer be withdrawn.</source>
        <translation>Запрос уже отправляется и не может быть отозван.</translation>
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
        <translation>Синхронизация в этой версии недоступна.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="181"/>
        <location filename="../../ui/messages.py" line="214"/>
        <source>The regional server cannot be reached. Your work is kept and will be sent when the link is back.</source>
        <translation>Региональный сервер недоступен. Ваши данные сохранены и будут отправлены после восстановления связи.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="186"/>
        <source>This PC is not registered with a regional server. Contact IT staff.</source>
        <translation>Компьютер не зарегистрирован на региональном сервере. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="189"/>
        <location filename="../../ui/messages.py" line="290"/>
        <location filename="../../ui/messages.py" line="293"/>
        <location filename="../../ui/messages.py" line="296"/>
        <source>Please log in again to synchronise.</source>
        <translation>Для синхронизации войдите в систему повторно.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="190"/>
        <source>The answer from the network was not from the regional server (a captive portal or proxy?). It will be tried again.</source>
        <translation>Ответ получен не от регионального сервера (страница авторизации сети или прокси?). Попытка будет повторена.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="195"/>
        <source>A synchronisation is already running.</source>
        <translation>Синхронизация уже выполняется.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="198"/>
        <source>The synchronisation was stopped; it will continue later.</source>
        <translation>Синхронизация остановлена; она продолжится позже.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="201"/>
        <source>The synchronisation failed; it will be tried again.</source>
        <translation>Синхронизация не удалась; попытка будет повторена.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="204"/>
        <source>Synchronisation has stopped and needs IT staff (wrong server, version or a disconnected PC).</source>
        <translation>Синхронизация остановлена; требуется специалист по ИТ (неверный сервер, версия или отключённый компьютер).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="209"/>
        <source>An internal error stopped the synchronisation. Details are in the log file; please tell IT staff.</source>
        <translation>Синхронизация прервана внутренней ошибкой. Подробности в журнале; сообщите специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="219"/>
        <source>The server that answered is not the one this PC is registered with. Contact IT staff.</source>
        <translation>Ответил не тот сервер, на котором зарегистрирован этот компьютер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="223"/>
        <source>The regional server refused the request.</source>
        <translation>Региональный сервер отклонил обращение.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="226"/>
        <source>The regional server is busy; it will be tried again.</source>
        <translation>Региональный сервер занят; попытка будет повторена.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="229"/>
        <source>The link is too slow or was cut; the transfer will resume where it stopped.</source>
        <translation>Канал связи слишком медленный или прерван; передача продолжится с места остановки.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="234"/>
        <source>The enrolment code is wrong, already used or expired. Ask the server&apos;s operator for a new code.</source>
        <translation>Код регистрации неверен, уже использован или просрочен. Запросите новый код у оператора сервера.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="239"/>
        <source>Enter the one-time enrolment code.</source>
        <translation>Введите одноразовый код регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="242"/>
        <source>The code holds letters, digits and dashes only, e.g. 7QK3-MX9P-44TD.</source>
        <translation>Код состоит только из латинских букв, цифр и дефисов, например 7QK3-MX9P-44TD.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="245"/>
        <source>Enter the address of the regional server.</source>
        <translation>Введите адрес регионального сервера.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="248"/>
        <source>The address must start with https://, e.g. https://sync.region.example.</source>
        <translation>Адрес должен начинаться с https://, например https://sync.region.example.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="251"/>
        <source>Plain http:// is only allowed on this PC itself; use https://.</source>
        <translation>Простой http:// допустим только на самом этом ПК; используйте https://.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="254"/>
        <source>This file does not exist.</source>
        <translation>Такого файла нет.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="255"/>
        <source>The regional server cannot be reached at this address. Check the address and the link, then try again.</source>
        <translation>Региональный сервер недоступен по этому адресу. Проверьте адрес и связь и повторите попытку.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="260"/>
        <source>The server&apos;s certificate could not be verified. Check the CA bundle file with IT staff.</source>
        <translation>Не удалось проверить сертификат сервера. Проверьте файл сертификатов ЦС вместе с сотрудниками ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="265"/>
        <source>The regional server speaks another protocol version. Install the District Desk version that matches the server.</source>
        <translation>Региональный сервер использует другую версию протокола. Установите версию District Desk, соответствующую серверу.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="270"/>
        <source>The address did not answer as a District Desk regional server (a proxy or login page?). Check the address.</source>
        <translation>По этому адресу ответил не региональный сервер District Desk (прокси или страница входа?). Проверьте адрес.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="275"/>
        <source>A weak match can only be recorded after you have checked it yourself.</source>
        <translation>Слабое совпадение можно зафиксировать только после вашей личной проверки.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="278"/>
        <source>This record is not part of a bulletin; a hit needs a bulletin.</source>
        <translation>Запись не относится к ориентировке; совпадение фиксируется только по ориентировке.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="281"/>
        <source>Recording hits is not available in this version.</source>
        <translation>Фиксация совпадений в этой версии недоступна.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="284"/>
        <source>The regional server is busy or unavailable; it will be tried again.</source>
        <translation>Региональный сервер занят или недоступен; попытка будет повторена.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="287"/>
        <source>The regional server asked to wait; it will be tried again.</source>
        <translation>Региональный сервер попросил подождать; попытка будет повторена.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="299"/>
        <source>The server did not accept the user name or password.</source>
        <translation>Сервер не принял имя пользователя или пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="302"/>
        <source>The regional server needs a newer version of District Desk. Contact IT staff.</source>
        <translation>Региональному серверу требуется более новая версия District Desk. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="306"/>
        <source>This PC is configured for another server. Contact IT staff.</source>
        <translation>Компьютер настроен на другой сервер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="309"/>
        <source>The server does not know this PC. Contact IT staff.</source>
        <translation>Сервер не знает этот компьютер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="312"/>
        <source>This PC has been disconnected by the regional server. Contact IT staff.</source>
        <translation>Региональный сервер отключил этот компьютер. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="315"/>
        <source>The enrolment code is wrong or expired.</source>
        <translation>Код регистрации неверен или истёк.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="318"/>
        <source>The server holds a different item with the same number.</source>
        <translation>На сервере есть другое отправление с тем же номером.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="321"/>
        <source>An attachment has not reached the server yet; it will be tried again.</source>
        <translation>Вложение ещё не поступило на сервер; попытка будет повторена.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="324"/>
        <source>The server could not read this item.</source>
        <translation>Сервер не смог прочитать это отправление.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="327"/>
        <source>The server does not know the user who made this item.</source>
        <translation>Сервер не знает пользователя, создавшего это отправление.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="330"/>
        <source>The user belongs to another office.</source>
        <translation>Пользователь относится к другому подразделению.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="333"/>
        <source>The server refused: the request was approved by the person who drafted it.</source>
        <translation>Сервер отказал: запрос утверждён его же составителем.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="336"/>
        <source>The server refused: the approver is not a supervisor.</source>
        <translation>Сервер отказал: утвердивший не является руководителем.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="339"/>
        <source>The server refused: the request differs from what was approved.</source>
        <translation>Сервер отказал: запрос отличается от утверждённого.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="342"/>
        <source>The server refused: the approval is missing.</source>
        <translation>Сервер отказал: отсутствует утверждение.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="345"/>
        <source>The server refused: the approval is not valid.</source>
        <translation>Сервер отказал: утверждение недействительно.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="348"/>
        <source>The server does not know this request.</source>
        <translation>Сервер не знает этот запрос.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="351"/>
        <source>The request was withdrawn.</source>
        <translation>Запрос отозван.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="352"/>
        <source>The request is already closed.</source>
        <translation>Запрос уже закрыт.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="353"/>
        <source>The server refused: the item is not signed.</source>
        <translation>Сервер отказал: отправление не подписано.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="356"/>
        <source>The server refused: the signature is not valid.</source>
        <translation>Сервер отказал: подпись недействительна.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="359"/>
        <source>The server refused: the signature was used before.</source>
        <translation>Сервер отказал: подпись уже использовалась.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="362"/>
        <source>The server does not know the signing key of this user. Log in online once to register it.</source>
        <translation>Сервер не знает ключ подписи этого пользователя. Один раз войдите через сервер, чтобы зарегистрировать его.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="367"/>
        <source>The server does not know the bulletin.</source>
        <translation>Сервер не знает эту ориентировку.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="370"/>
        <source>The server does not know the case.</source>
        <translation>Сервер не знает это дело.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="373"/>
        <source>The audit log of this PC failed verification. Contact IT staff.</source>
        <translation>Журнал аудита этого компьютера не прошёл проверку. Обратитесь к специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="376"/>
        <source>The item is too large for the server.</source>
        <translation>Отправление слишком велико для сервера.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="414"/>
        <source>The operation failed (code %1).</source>
        <translation>Операция не выполнена (код %1).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="418"/>
        <source>A file could not be read or written (%1).</source>
        <translation>Не удалось прочитать или записать файл (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="421"/>
        <source>An unexpected error occurred. Details were written to the log file; please tell IT staff.</source>
        <translation>Произошла непредвиденная ошибка. Подробности записаны в журнал; сообщите специалисту по ИТ.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="438"/>
        <source>District Desk</source>
        <translation>District Desk</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="441"/>
        <source>Code: %1</source>
        <translation>Код: %1</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <location filename="../../ui/printing.py" line="82"/>
        <source>Page %1 of %2</source>
        <translation>Стр. %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="152"/>
        <source>Export to PDF</source>
        <translation>Экспорт в PDF</translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="154"/>
        <source>PDF files (*.pdf)</source>
        <translation>Файлы PDF (*.pdf)</translation>
    </message>
</context>
</TS>
