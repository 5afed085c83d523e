"""Fictional towns in real regions, the names of their people and their crops."""

# town, region as written in a sentence, region tag (or None), country
REGIONS = {
    "afghanistan": {
        "places": [
            ("Deh Nawa", "Bamyan province", "Bamyan", "Afghanistan"),
            ("Qala-e Sabz", "Badakhshan province", "Badakhshan", "Afghanistan"),
            ("Sang Chashma", "Herat province", "Herat", "Afghanistan"),
            ("Pul-e Sorkh", "Balkh province", "Balkh", "Afghanistan"),
            ("Dasht-e Nur", "Ghazni province", "Ghazni", "Afghanistan"),
        ],
        "crops": ["apricots", "almonds", "wheat", "saffron", "grapes", "pistachios"],
        "fruit": ["apricots", "grapes", "pomegranates", "melons"],
        "experts": {
            "land": ("Yusuf Karimi", "an agronomist based in Kabul"),
            "works": (
                "Mariam Haidari",
                "a civil engineer who has worked on roads across the central highlands",
            ),
        },
    },
    "americas": {
        "places": [
            ("Puerto Calma", "the Valparaíso region", None, "Chile"),
            ("San Aurelio", "Oaxaca state", None, "Mexico"),
            ("Lago Verde", "the Cusco region", None, "Peru"),
            ("Pine Hollow", "Manitoba", None, "Canada"),
            ("Vila Serena", "Minas Gerais state", None, "Brazil"),
        ],
        "crops": ["quinoa", "coffee", "maize", "potatoes", "avocados", "beans"],
        "fruit": ["avocados", "blueberries", "apples", "mangoes"],
        "experts": {
            "land": ("Rafael Quispe", "an agronomist at a university in Lima"),
            "works": ("Camila Restrepo", "a transport planner based in Bogotá"),
        },
    },
    "europe": {
        "places": [
            ("Valmora", "the Alentejo", None, "Portugal"),
            ("Brekkvik", "Nordland county", None, "Norway"),
            ("Kirkholm", "the Scottish Highlands", None, "United Kingdom"),
            ("Lenzbach", "Tyrol", None, "Austria"),
            ("Agios Lefteris", "Crete", None, "Greece"),
        ],
        "crops": ["olives", "apples", "potatoes", "barley", "grapes", "cherries"],
        "fruit": ["apples", "cherries", "pears", "peaches"],
        "experts": {
            "land": ("Sofia Papadakis", "an environmental scientist at a university in Athens"),
            "works": ("Callum MacLeod", "a rural transport consultant based in Inverness"),
        },
    },
    "africa": {
        "places": [
            ("Kalembe", "the Rift Valley", None, "Kenya"),
            ("Tamasso", "the Volta region", None, "Ghana"),
            ("Ndiaffe", "the Casamance", None, "Senegal"),
            ("Kiboko Springs", "the Kilimanjaro region", None, "Tanzania"),
            ("Mbeleni", "KwaZulu-Natal", None, "South Africa"),
        ],
        "crops": ["tea", "cassava", "mangoes", "cocoa", "maize", "cashews"],
        "fruit": ["mangoes", "avocados", "pineapples", "passion fruit"],
        "experts": {
            "land": ("Esi Boateng", "an agronomist based in Accra"),
            "works": ("Baraka Massawe", "a water engineer based in Arusha"),
        },
    },
}

# Given names and family names by country, so that people sound like where they live.
NAMES = {
    "Afghanistan": (
        "Ahmad Farzana Habib Laila Nargis Rahim Shabnam Zarifa Wahid Parwin Karim Jawad Soraya",
        "Ahmadi Noori Sultani Hakimi Azizi Yousufi Sadat Amiri Jalali Mohseni Rasuli Tahiri",
    ),
    "Chile": (
        "Mateo Camila Valentina Diego Marisol Tomás Javier Carmen Ignacia Felipe",
        "Quintero Mendoza Ibarra Rojas Delgado Castillo Vargas Navarro Fuentes Salazar",
    ),
    "Mexico": (
        "Alejandro Guadalupe Mateo Ximena Diego Rosario Emiliano Marisol Javier Itzel",
        "Hernández Ramírez Mendoza Ibarra Ortiz Castillo Navarro Cruz Morales Santiago",
    ),
    "Peru": (
        "Rosa Mateo Valentina Julio Marisol Rafael Graciela Wilber Yesenia Hugo",
        "Huamán Quispe Mamani Paredes Condori Rojas Flores Chávez Vargas Salazar",
    ),
    "Brazil": (
        "João Ana Lucas Beatriz Rafael Juliana Tiago Larissa Gustavo Camila",
        "Carvalho Soares Silva Moreira Ribeiro Barbosa Teixeira Pires Almeida Costa",
    ),
    "Canada": (
        "Owen Claire Liam Sophie Ethan Chloé Noah Émilie Jacob Megan",
        "Fontaine MacDonald Tremblay Campbell Gagnon Reid Bouchard Wilson Lavoie Friesen",
    ),
    "Portugal": (
        "Inês João Marta Tiago Catarina Rui Sofia Miguel Beatriz Duarte",
        "Fernandes Moreira Vieira Santos Carvalho Rocha Pinto Sousa Lopes Matos",
    ),
    "Norway": (
        "Ingrid Lars Sigrid Kjetil Kari Anders Solveig Magnus Hilde Torbjørn",
        "Dahl Berg Nilsen Hansen Johansen Bakke Strand Moen Eriksen Lund",
    ),
    "United Kingdom": (
        "Ewan Mairi Iain Fiona Duncan Catriona Angus Morag Kirsty Hamish",
        "Sutherland Munro Fraser Ross Mackay Cameron Macrae Mackenzie Gunn Matheson",
    ),
    "Austria": (
        "Lukas Anna Florian Lena Tobias Katharina Stefan Julia Matthias Theresa",
        "Gruber Berger Huber Wagner Pichler Moser Hofer Steiner Mayr Egger",
    ),
    "Greece": (
        "Nikos Elena Giorgos Maria Yannis Eleni Kostas Despina Manolis Katerina",
        "Stavrou Georgiou Christou Nikolaou Konstantinou Ioannou Dimitriou Antoniou",
    ),
    "Kenya": (
        "Wanjiru Kibet Akinyi Daniel Njeri Peter Wambui Joseph Chebet Samuel",
        "Otieno Mwangi Achieng Kamau Kiprono Njoroge Ouma Mutua Wafula Korir",
    ),
    "Ghana": (
        "Kofi Efua Kwame Ama Yaw Akosua Kwabena Abena Kojo Adwoa",
        "Mensah Badu Owusu Asante Appiah Ofori Darko Agyeman Tetteh Ansah",
    ),
    "Senegal": (
        "Moussa Fatou Ibrahima Awa Cheikh Aminata Ousmane Mariama Abdoulaye Khady",
        "Diallo Sow Faye Ndiaye Diop Sarr Ba Gueye Mbaye Thiam",
    ),
    "Tanzania": (
        "Neema Juma Rehema Hamisi Zawadi Amani Upendo Salim Imani Baraka",
        "Kimaro Mushi Shirima Mrema Lyimo Swai Temba Mollel Urassa Minja",
    ),
    "South Africa": (
        "Thandiwe Sipho Nomvula Themba Zanele Bongani Lindiwe Mandla Ayanda Sizwe",
        "Ndlovu Nkosi Dlamini Zulu Mkhize Ngcobo Khumalo Shezi Mthembu Cele",
    ),
}
# "a larger apricot harvest", not "a larger apricots harvest"
SINGULAR = {
    "apricots": "apricot", "almonds": "almond", "grapes": "grape", "pistachios": "pistachio",
    "pomegranates": "pomegranate", "melons": "melon", "avocados": "avocado",
    "blueberries": "blueberry", "apples": "apple", "mangoes": "mango", "potatoes": "potato",
    "beans": "bean", "olives": "olive", "cherries": "cherry", "pears": "pear",
    "peaches": "peach", "pineapples": "pineapple", "cashews": "cashew",
}  # fmt: skip

# Where some stories make sense: snow, glaciers, mountain roads, a coast, cricket.
COLD_TOWNS = {"Deh Nawa", "Qala-e Sabz", "Sang Chashma", "Dasht-e Nur", "Pine Hollow"}
COLD_TOWNS |= {"Lago Verde", "Brekkvik", "Kirkholm", "Lenzbach"}
GLACIER_TOWNS = {"Deh Nawa", "Qala-e Sabz", "Lago Verde", "Brekkvik", "Lenzbach"}
MOUNTAIN_TOWNS = GLACIER_TOWNS | {"Kirkholm", "Kiboko Springs", "San Aurelio"}
COAST_TOWNS = {"Puerto Calma", "Valmora", "Brekkvik", "Agios Lefteris", "Ndiaffe", "Mbeleni"}
CRICKET_TOWNS = {"Deh Nawa", "Sang Chashma", "Pul-e Sorkh", "Dasht-e Nur", "Kalembe"}
CRICKET_TOWNS |= {"Mbeleni", "Kirkholm", "Kiboko Springs"}
RAIL_TOWNS = {"Sang Chashma", "Pul-e Sorkh", "San Aurelio", "Pine Hollow", "Vila Serena"}
RAIL_TOWNS |= {"Valmora", "Kirkholm", "Lenzbach", "Kalembe", "Tamasso", "Mbeleni"}
