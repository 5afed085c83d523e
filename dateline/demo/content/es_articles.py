"""The Spanish edition's words: its sections, stories and translations (fictional).

Written for this project in Spanish. People, towns, firms and events are
invented; countries and regions are real places used as settings only.
"""

LANGUAGE = "es"
# English section slug: title, slug, intro.
SECTIONS = {
    "news": (
        "Noticias",
        "noticias",
        "Lo que cuentan nuestros corresponsales sobre la vida diaria.",
    ),
    "afghanistan": (
        "Afganistán",
        "afganistan",
        "Kabul y las provincias: carreteras, cosechas, clima y vida comunitaria.",
    ),
    "americas": (
        "Américas",
        "americas",
        "De las praderas de Canadá a los Andes: pueblos, campos y ciudades.",
    ),
    "europe": ("Europa", "europa", "Servicios locales, clima y vida cívica en todo el continente."),
    "africa": ("África", "africa", "Pueblos, campos y servicios públicos del Rift al Atlántico."),
    "business": ("Economía", "economia", "Comercio, transporte, pequeñas empresas y mercados."),
    "science": (
        "Ciencia",
        "ciencia",
        "Investigación, descubrimientos y medio ambiente, sin jerga.",
    ),
    "culture": ("Cultura", "cultura", "Cine, música, libros, teatro y tradiciones vivas."),
    "sport": ("Deportes", "deportes", "Resultados y torneos, del campo del pueblo a la liga."),
    "opinion": ("Opinión", "opinion", "Columnas y análisis de las firmas de Dateline."),
}
STRAPLINE = "Edición de demostración: las noticias, personas y fotos son ficticias."
BREAKING = "Última hora: inundaciones cortan carreteras en la provincia de Balj"
CHANNEL = {
    "name": "Dateline TV en español",
    "slug": "dateline-tv-es",
    "description": (
        "El canal de noticias de Dateline en español (la demo emite una carta de ajuste)."
    ),
    "schedule": [
        ("Noticias de madrugada", 0, 6, "Los titulares de la noche, cada media hora."),
        ("Buenos días", 6, 10, "Noticias, el tiempo y la prensa del día."),
        ("El mundo hoy", 10, 14, "Nuestros corresponsales en directo."),
        ("Telediario del mediodía", 14, 15, "Las noticias de las dos."),
        ("La tarde en directo", 15, 21, "La última hora, tal como sucede."),
        ("Noticias de la noche", 21, 0, "El resumen del día y las portadas de mañana."),
    ],
}
CREDIT = "Dateline/Carla Mendes"

# Translations of English demo articles: key (see loader), then the fields.
TRANSLATIONS = {
    "showcase": {
        "title": "Los pueblos del valle reabren la carretera de montaña antes del invierno",
        "slug": "reabren-carretera-kotal-khana",
        "social": "La carretera de Kotal Khana vuelve a estar abierta",
        "summary": [
            "Las cuadrillas han reabierto los 38 kilómetros de carretera del paso de Kotal "
            "Khana tras cuatro meses de obras.",
            "Los comerciantes dicen que los camiones podrán llegar a los mercados antes de "
            "las primeras nevadas.",
        ],
        "body": [
            (
                "paragraph",
                "Camiones y microbuses cruzaron esta semana el paso de Kotal Khana, "
                "en la provincia de Parwan, por primera vez desde comienzos del verano. Las "
                "cuadrillas terminaron de reconstruir tres tramos que el agua se había llevado.",
            ),
            (
                "paragraph",
                "La ruta de 38 kilómetros es el único enlace asfaltado entre una "
                "hilera de pueblos del valle y los mercados de abajo. Sin ella, la fruta y la "
                "leña habrían tenido que cruzar el paso a lomo de burro.",
            ),
            ("subheading", "Cuatro meses de trabajo"),
            (
                "paragraph",
                "La carretera se cerró después de una semana de lluvias que "
                "aflojaron las laderas. Hasta sesenta obreros retiraron rocas a mano donde las "
                "máquinas no llegaban y levantaron muros de contención de piedra.",
            ),
            (
                "quote",
                {
                    "quote": "Antes perdíamos un día en cada viaje. Ahora bajo los "
                    "albaricoques por la mañana y estoy en casa antes de que oscurezca.",
                    "attribution": "Habib Sultani, comerciante de fruta de Deh Nawa",
                },
            ),
            (
                "paragraph",
                "A partir de noviembre habrá dos quitanieves y una reserva de grava "
                "en un depósito cerca de la cima. Se pide a los conductores que lleven cadenas.",
            ),
        ],
        "caption": "La carretera del paso de Kotal Khana, en la provincia de Parwan, "
        "reabierta esta semana.",
        "alt": "Una carretera de montaña que serpentea entre picos nevados bajo un cielo claro.",
        "tags": [
            ("Afganistán", "place", "afganistan"),
            ("Transporte", "topic", "transporte"),
            ("Clima", "topic", "clima"),
        ],
    },
    "developing": {
        "title": "Inundaciones repentinas cortan las carreteras en torno a Pul-e Sorj",
        "slug": "inundaciones-pul-e-sorj",
        "social": "El agua corta las carreteras de Pul-e Sorj",
        # Our two points translate the first and the third of the English three.
        "summary_of": [0, 2],
        "summary": [
            "Las lluvias de la noche desbordaron el río a su paso por los pueblos bajo "
            "Pul-e Sorj, en la provincia de Balj.",
            "No hay heridos; las familias de las casas más bajas se refugian en la escuela.",
        ],
        "body": [
            (
                "paragraph",
                "El agua inundó antes del amanecer los pueblos a orillas del río, "
                "bajo Pul-e Sorj, tras la noche más lluviosa del año en el valle. La carretera "
                "principal al centro del distrito está anegada en dos puntos.",
            ),
            (
                "paragraph",
                "La oficina provincial de carreteras dice que el viejo puente sobre "
                "el río está dañado pero en pie, y lo ha cerrado a camiones y autobuses mientras "
                "lo inspeccionan sus ingenieros.",
            ),
            ("subheading", "Las familias suben a terreno alto"),
            (
                "paragraph",
                "Unas cuarenta familias pasaron la noche en la escuela del pueblo, "
                "en una terraza sobre el río. Voluntarios llevaron pan, mantas y té.",
            ),
            (
                "quote",
                {
                    "quote": "El agua llegó a la puerta en veinte minutos. Subimos la colina "
                    "con los niños y los sacos de harina.",
                    "attribution": "Nasima Rahimi, agricultora del pueblo de abajo",
                },
            ),
        ],
        "caption": "El río bajo Pul-e Sorj, donde el agua llegó a los pueblos durante la noche.",
        "alt": "Un río crecido y marrón que corre entre campos bajo un cielo nublado.",
        "tags": [
            ("Afganistán", "place", "afganistan"),
            ("Clima", "topic", "clima"),
            ("Transporte", "topic", "transporte"),
        ],
        "notes": [
            (
                "update",
                50,
                "Se añadió la declaración de la oficina de carreteras: el puente "
                "está cerrado a camiones y autobuses mientras se inspecciona.",
            ),
            (
                "correction",
                90,
                "Una versión anterior de este artículo decía que el viejo "
                "puente se había derrumbado. Está dañado pero en pie, según la oficina de "
                "carreteras.",
            ),
        ],
    },
}

# Stories written for the Spanish edition only. "hours": how long ago it was published.
ARTICLES = [
    {
        "section": "americas",
        "title": "Un pueblo de los Andes estrena agua potable después de veinte años de espera",
        "slug": "pueblo-andes-agua-potable",
        "summary": [
            "Las 300 familias de San Isidro de Quebrada Alta ya tienen agua corriente en casa.",
            "La obra, pagada a medias por el municipio y los vecinos, costó dos años de trabajo.",
        ],
        "body": [
            (
                "paragraph",
                "Por primera vez en su historia, los vecinos de San Isidro de Quebrada "
                "Alta, en la sierra de Perú, abrieron el grifo de su cocina y salió agua limpia. "
                "La red de tuberías, de once kilómetros, baja desde un manantial protegido.",
            ),
            (
                "paragraph",
                "Hasta ahora, las mujeres y los niños del pueblo caminaban cada "
                "mañana casi una hora hasta la fuente con bidones de plástico.",
            ),
            ("subheading", "Trabajo comunal"),
            (
                "paragraph",
                "Cada familia aportó cuarenta jornadas de trabajo para cavar las "
                "zanjas. El municipio pagó los tubos, la cloración y un técnico que enseñó a "
                "cinco vecinos a mantener el sistema.",
            ),
            (
                "quote",
                {
                    "quote": "Mis hijos ya no llegan tarde a la escuela por ir a buscar agua.",
                    "attribution": "Rosa Huamán, presidenta del comité de agua",
                },
            ),
            (
                "paragraph",
                "El comité cobrará una cuota mensual pequeña para reparar averías y "
                "analizar el agua cada tres meses.",
            ),
        ],
        "tags": [
            ("Perú", "place", "peru-es"),
            ("Agua", "topic", "agua"),
            ("Servicios públicos", "topic", "servicios-publicos"),
        ],
        "authors": ["lucia-ortega"],
        "scene": "mountains",
        "palette": "dawn",
        "hours": 20,
        "caption": "Las laderas de la sierra sobre San Isidro de Quebrada Alta.",
        "alt": "Montañas verdes al amanecer con un pequeño pueblo al fondo del valle.",
    },
    {
        "section": "americas",
        "title": (
            "Pescadores de Chiloé vuelven a puerto con la mayor captura de merluza en una década"
        ),
        "slug": "chiloe-captura-merluza",
        "social": "Buena temporada para la merluza en Chiloé",
        "summary": [
            "La flota artesanal de Quellón desembarcó 1.200 toneladas en la temporada de invierno.",
            "Los biólogos atribuyen la mejora a la veda de dos años "
            "que pidieron los propios pescadores.",
        ],
        "body": [
            (
                "paragraph",
                "Las lanchas de la flota artesanal de Quellón, en el sur de Chile, "
                "cerraron la temporada de invierno con 1.200 toneladas de merluza, la cifra más "
                "alta en diez años.",
            ),
            (
                "paragraph",
                "Hace tres años los pescadores pidieron una veda parcial de dos años "
                "para que el banco se recuperara. Muchos pasaron esos inviernos reparando redes "
                "y trabajando en las granjas de mejillones.",
            ),
            ("subheading", "Una veda que dio fruto"),
            (
                "paragraph",
                "La bióloga marina Ana Sepúlveda, del instituto pesquero regional, "
                "dijo que los peces capturados este año son más grandes y de más edad, una señal "
                "de que la población se ha recuperado.",
            ),
            (
                "paragraph",
                "El sindicato propone ahora repetir la veda cada cinco años y "
                "registrar cada desembarque en una aplicación compartida.",
            ),
        ],
        "tags": [
            ("Chile", "place", "chile-es"),
            ("Pesca", "topic", "pesca"),
            ("Océanos", "topic", "oceanos"),
        ],
        "authors": ["lucia-ortega"],
        "scene": "sea",
        "palette": "overcast",
        "hours": 70,
        "caption": "El mar frente a Quellón, al sur de la isla de Chiloé.",
        "alt": "Mar gris y tranquilo bajo un cielo cubierto, con la costa a lo lejos.",
    },
    {
        "section": "europe",
        "title": "Una biblioteca de Zaragoza presta herramientas además de libros",
        "slug": "zaragoza-biblioteca-herramientas",
        "summary": [
            "La biblioteca del barrio de Delicias presta taladros, escaleras y máquinas de coser.",
            "En su primer mes hizo más de 400 préstamos.",
        ],
        "body": [
            (
                "paragraph",
                "Junto a las novelas y los cómics, la biblioteca municipal del barrio "
                "de Delicias, en Zaragoza, tiene ahora una estantería de herramientas: taladros, "
                "escaleras, máquinas de coser y hasta una desbrozadora.",
            ),
            (
                "paragraph",
                "Basta con el carné de la biblioteca para llevarse cualquiera de ellas "
                "durante una semana, igual que un libro.",
            ),
            ("subheading", "Menos cosas en los trasteros"),
            (
                "paragraph",
                "La idea nació de una asociación vecinal que calculó que un taladro "
                "doméstico se usa, de media, unos pocos minutos al año.",
            ),
            (
                "quote",
                {
                    "quote": "Nadie necesita tener un taladro. Necesita hacer un agujero.",
                    "attribution": "Javier Lasheras, de la asociación vecinal de Delicias",
                },
            ),
            (
                "paragraph",
                "La biblioteca organiza también talleres de reparación los sábados por la mañana.",
            ),
        ],
        "tags": [
            ("España", "place", "espana"),
            ("Servicios públicos", "topic", "servicios-publicos"),
            ("Bibliotecas", "topic", "bibliotecas"),
        ],
        "authors": ["ingrid-haugen"],
        "scene": "city",
        "palette": "noon",
        "hours": 44,
        "caption": "El barrio de Delicias, en Zaragoza, a mediodía.",
        "alt": "Bloques de viviendas de una ciudad bajo un cielo azul de mediodía.",
    },
    {
        "section": "africa",
        "title": "Una cooperativa de Senegal seca mangos al sol para venderlos todo el año",
        "slug": "senegal-cooperativa-mango-seco",
        "summary": [
            "Sesenta agricultoras de Casamance secan mango en secaderos solares.",
            "Antes, casi un tercio de la cosecha se perdía en pocos días.",
        ],
        "body": [
            (
                "paragraph",
                "En los meses de cosecha, los mangos de Casamance, en el sur de "
                "Senegal, maduran todos a la vez y se venden a precios muy bajos. Una cooperativa "
                "de sesenta mujeres ha encontrado una salida: secarlos al sol.",
            ),
            (
                "paragraph",
                "Los secaderos, cajas de madera con techo de plástico transparente, "
                "convierten cinco kilos de fruta fresca en uno de "
                "mango seco que se conserva meses.",
            ),
            ("subheading", "De la huerta a la tienda"),
            (
                "paragraph",
                "La cooperativa vende el mango seco en bolsas a tiendas de Dakar y a "
                "comedores escolares de la región.",
            ),
            (
                "paragraph",
                "Con lo ganado este año, las socias piensan construir un almacén "
                "fresco y comprar una báscula nueva.",
            ),
        ],
        "tags": [
            ("Senegal", "place", "senegal-es"),
            ("Agricultura", "topic", "agricultura"),
            ("Alimentación", "topic", "alimentacion"),
        ],
        "authors": ["amina-wekesa"],
        "scene": "fields",
        "palette": "noon",
        "hours": 96,
        "caption": "Huertos de mango en Casamance, en el sur de Senegal.",
        "alt": "Campos verdes con árboles frutales bajo un sol intenso.",
    },
    {
        "section": "afghanistan",
        "title": "Las escuelas de Bamiyán reciben estufas nuevas antes de las heladas",
        "slug": "bamiyan-escuelas-estufas",
        "summary": [
            "Cuarenta escuelas rurales de Bamiyán tienen estufas de bajo consumo.",
            "Los maestros dicen que las clases podrán seguir en los meses más fríos.",
        ],
        "body": [
            (
                "paragraph",
                "Cuarenta escuelas de los pueblos de Bamiyán, en el centro de "
                "Afganistán, han recibido estufas de bajo consumo antes de que lleguen las "
                "primeras heladas.",
            ),
            (
                "paragraph",
                "Las estufas queman la mitad de leña que las antiguas y tienen "
                "chimeneas que sacan el humo fuera de las aulas.",
            ),
            ("subheading", "Inviernos largos"),
            (
                "paragraph",
                "En los valles altos, las temperaturas bajan de veinte grados bajo "
                "cero. Muchas escuelas cerraban semanas enteras porque no se podía dar clase.",
            ),
            ("paragraph", "Las familias se han comprometido a aportar leña por turnos."),
        ],
        "tags": [
            ("Afganistán", "place", "afganistan"),
            ("Educación", "topic", "educacion"),
            ("Clima", "topic", "clima"),
        ],
        "authors": ["farida-noorzai"],
        "scene": "mountains",
        "palette": "winter",
        "hours": 130,
        "caption": "Los valles de Bamiyán, cubiertos por la primera nieve.",
        "alt": "Montañas nevadas y un valle blanco bajo un cielo de invierno.",
    },
    {
        "section": "business",
        "title": "El tren de mercancías vuelve al puerto de Huelva tras quince años",
        "slug": "huelva-tren-mercancias-puerto",
        "summary": [
            "Un tren diario llevará contenedores entre el puerto de Huelva y Madrid.",
            "Cada convoy sustituye a unos cuarenta camiones en la carretera.",
        ],
        "body": [
            (
                "paragraph",
                "El puerto de Huelva recuperó esta semana su conexión ferroviaria de "
                "mercancías, cerrada desde hace quince años. Un tren de contenedores saldrá cada "
                "día hacia una terminal de Madrid.",
            ),
            (
                "paragraph",
                "Las empresas exportadoras de fruta de la provincia llevaban años "
                "pidiendo la conexión para llegar más barato a los mercados del norte.",
            ),
            ("subheading", "Menos camiones"),
            (
                "paragraph",
                "Cada convoy puede llevar la carga de unos cuarenta camiones. La "
                "autoridad portuaria calcula que el tráfico pesado "
                "en la autovía bajará un diez por "
                "ciento.",
            ),
            (
                "quote",
                {
                    "quote": "Con el tren, las fresas llegan a Madrid de noche y están en "
                    "las tiendas por la mañana.",
                    "attribution": "Pilar Domínguez, gerente de una cooperativa frutícola",
                },
            ),
        ],
        "tags": [
            ("España", "place", "espana"),
            ("Transporte", "topic", "transporte"),
            ("Comercio", "topic", "comercio"),
        ],
        "authors": ["oliver-grant"],
        "scene": "city",
        "palette": "dusk",
        "hours": 30,
        "caption": "El puerto de Huelva al atardecer.",
        "alt": "Grúas y edificios de un puerto recortados contra un cielo anaranjado.",
    },
    {
        "section": "science",
        "title": "Astrónomas aficionadas de Canarias descubren un cometa",
        "slug": "canarias-aficionadas-cometa",
        "summary": [
            "Dos aficionadas de La Palma detectaron el cometa en fotos de su telescopio casero.",
            "No se acercará a la Tierra; será visible con prismáticos en primavera.",
        ],
        "body": [
            (
                "paragraph",
                "Dos astrónomas aficionadas de La Palma, en las islas Canarias, han "
                "descubierto un cometa que ningún observatorio había registrado. Lo vieron al "
                "comparar fotos tomadas con un telescopio de su asociación.",
            ),
            (
                "paragraph",
                "El cometa pasará lejos de la Tierra, pero podrá verse con "
                "prismáticos durante unas semanas en primavera.",
            ),
            ("subheading", "Noches de revisión"),
            (
                "paragraph",
                "Carmen Rodríguez e Inés Padrón revisan cada noche las imágenes del "
                "cielo en busca de puntos que se mueven. Tras dos años, la constancia dio fruto.",
            ),
            (
                "paragraph",
                "El cometa llevará sus apellidos cuando la unión astronómica confirme su órbita.",
            ),
        ],
        "tags": [
            ("España", "place", "espana"),
            ("Espacio", "topic", "espacio"),
            ("Astronomía", "topic", "astronomia"),
        ],
        "authors": ["priya-raman"],
        "scene": "observatory",
        "palette": "night",
        "hours": 55,
        "caption": "La cúpula del telescopio de la asociación, en La Palma.",
        "alt": "La cúpula de un observatorio bajo un cielo nocturno lleno de estrellas.",
    },
    {
        "section": "culture",
        "title": "Un festival de teatro en Oaxaca representa obras en cinco lenguas indígenas",
        "slug": "oaxaca-teatro-lenguas-indigenas",
        "summary": [
            "El festival presenta doce obras en zapoteco, mixteco, mixe, chatino y mazateco.",
            "Los subtítulos en español se proyectan sobre el escenario.",
        ],
        "body": [
            (
                "paragraph",
                "El festival de teatro comunitario de Oaxaca, en el sur de México, "
                "abre este fin de semana con doce obras escritas e interpretadas en cinco lenguas "
                "indígenas.",
            ),
            (
                "paragraph",
                "Las compañías vienen de pueblos de la sierra y la costa. Muchas "
                "representan leyendas que los mayores contaban junto al fuego.",
            ),
            ("subheading", "Subtítulos para todos"),
            (
                "paragraph",
                "Por primera vez, el festival proyecta subtítulos en español sobre el "
                "escenario, para que el público de la ciudad pueda seguir las historias.",
            ),
            (
                "quote",
                {
                    "quote": "Queremos que los niños escuchen su lengua en un escenario, no "
                    "solo en la cocina.",
                    "attribution": "Eulalia Santiago, directora del festival",
                },
            ),
        ],
        "tags": [
            ("México", "place", "mexico-es"),
            ("Teatro", "topic", "teatro"),
            ("Lenguas", "topic", "lenguas"),
        ],
        "authors": ["leila-haddad"],
        "scene": "stage",
        "palette": "night",
        "hours": 80,
        "caption": "Una compañía de la sierra ensaya en el escenario del festival.",
        "alt": "Un escenario iluminado por focos con actores en silueta.",
    },
    {
        "section": "sport",
        "title": "El equipo femenino de un pueblo de Asturias llega a la final de copa",
        "slug": "asturias-futbol-femenino-final",
        "summary": [
            "El Club Deportivo Valdesoto jugará la final regional de fútbol femenino.",
            "La mitad de la plantilla estudia o trabaja fuera del pueblo entre semana.",
        ],
        "body": [
            (
                "paragraph",
                "El Club Deportivo Valdesoto, de un pueblo asturiano de dos mil "
                "habitantes, jugará el domingo la final de la copa regional de fútbol femenino "
                "tras ganar la semifinal por dos goles a uno.",
            ),
            (
                "paragraph",
                "Marta Cueto marcó el gol de la victoria de cabeza en el último "
                "minuto, tras un saque de esquina.",
            ),
            ("subheading", "Entrenar de noche"),
            (
                "paragraph",
                "La mitad de las jugadoras estudia o trabaja en Oviedo y Gijón. El "
                "equipo entrena dos noches por semana bajo los focos del campo municipal.",
            ),
            (
                "paragraph",
                "El ayuntamiento fletará tres autobuses para llevar a la afición a la final.",
            ),
        ],
        "tags": [
            ("España", "place", "espana"),
            ("Fútbol", "topic", "futbol"),
            ("Deporte femenino", "topic", "deporte-femenino"),
        ],
        "authors": ["samuel-whitlow"],
        "scene": "stadium",
        "palette": "night",
        "hours": 8,
        "caption": "El campo municipal de Valdesoto, iluminado para el entrenamiento.",
        "alt": "Un estadio pequeño iluminado por focos en la noche.",
    },
    {
        "section": "opinion",
        "title": "Las plazas de los pueblos necesitan bancos, no más aparcamientos",
        "slug": "opinion-plazas-bancos",
        "summary": [
            "Un banco a la sombra hace más por la vida de un "
            "pueblo que diez plazas de aparcamiento.",
        ],
        "body": [
            (
                "paragraph",
                "Quien haya pasado un verano en un pueblo sabe dónde ocurre la vida: "
                "en la plaza, a la sombra, en un banco donde los mayores charlan y los niños "
                "juegan a su alrededor.",
            ),
            (
                "paragraph",
                "Y sin embargo, en muchas plazas los bancos han ido desapareciendo "
                "para dejar sitio a los coches.",
            ),
            ("subheading", "Un lugar para estar"),
            (
                "paragraph",
                "Un banco no cuesta casi nada. Da descanso a quien vuelve de la "
                "compra, a quien espera el autobús y a quien simplemente quiere mirar.",
            ),
            (
                "paragraph",
                "Los ayuntamientos deberían contar los bancos con el mismo cuidado "
                "con que cuentan las plazas de aparcamiento.",
            ),
        ],
        "tags": [("Urbanismo", "topic", "urbanismo"), ("Vida rural", "topic", "vida-rural")],
        "authors": ["nadia-rahimi"],
        "scene": "city",
        "palette": "dawn",
        "hours": 150,
        "caption": "Una plaza de pueblo a primera hora de la mañana.",
        "alt": "Edificios bajos alrededor de una plaza a la luz del amanecer.",
    },
]
