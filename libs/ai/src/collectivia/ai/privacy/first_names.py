"""Common French first names (among the most given in France since the 1940s).

Kept short on purpose: a first name from this list followed by a capitalised word is taken as a
person's name. First names that are also everyday words or place names (Claire, Rose, Olive,
France, Constance, Prudence) are left out to protect precision.
"""

from __future__ import annotations

from collectivia.ai.privacy.lexicon import word_set

FIRST_NAMES = word_set(
    """
    Adam Adrien Agnès Alain Albert Alexandra Alexandre Alice Aline Amandine Amélie Anaïs André
    Andrée Anne Annie Anthony Antoine Arnaud Arthur Audrey Aurélie Aurélien Baptiste Benjamin
    Benoît Bernadette Bernard Bruno Camille Carole Caroline Catherine Cécile Céline Chantal
    Charles Charlotte Chloé Christian Christiane Christine Christophe Claude Claudine Clément
    Colette Corinne Cyril Damien Daniel Danielle David Delphine Denis Denise Didier Dominique
    Dylan Emma Emmanuel Emmanuelle Enzo Éric Estelle Étienne Eugénie Fabien Fabienne Fabrice
    Fatima Florence Florian François Françoise Frédéric Gabriel Gaëlle Geneviève Georges Gérard
    Gilbert Gilles Ginette Guillaume Guy Hélène Henri Hugo Inès Isabelle Jacqueline Jacques
    Jade Jean Jeanne Jérémy Jérôme Joël Jonathan Joseph Josiane Julie Julien Juliette Karim
    Karine Kévin Laetitia Laura Laurence Laurent Léa Léo Léon Lina Louis Louise Luc Lucas Lucie
    Lucien Madeleine Manon Marc Marcel Margaux Marguerite Maria Marie Marine Marion Martine
    Mathieu Mathilde Maurice Maxime Michel Michèle Michelle Mickaël Mohamed Monique Nadia Nadine
    Nathalie Nathan Nicolas Nicole Noël Noémie Océane Olivier Pascal Pascale Patrice Patricia
    Patrick Paul Paulette Philippe Pierre Quentin Raphaël Raymond Rémi Renée René Robert
    Roger Romain Sabrina Samuel Sandrine Sarah Sébastien Simone Sophie Stéphane Stéphanie
    Suzanne Sylvain Sylvie Thierry Thomas Théo Valérie Véronique Victor Vincent Virginie
    Yannick Yves Yvette Yvonne Zoé
    """
) | word_set(
    # First names of every origin common in France (North and West Africa, Eastern Europe,
    # Asia, Brittany, the Basque Country, Portugal...): the model finds most of them; these
    # make the rules find them in lower case after "ma fille", "mon voisin".
    """
    Abdel Abdallah Abdoulaye Ahmed Aïcha Aissatou Aïssatou Ali Amadou Amina Aminata Amine
    Anissa Assia Awa Aya Bilal Binta Boubacar Cheikh Coumba Djibril Fatou Fatoumata Farid
    Hamza Hassan Hicham Ibrahim Ibrahima Idriss Ilyes Imane Kadiatou Karima Khadija Leïla
    Lamine Malika Mamadou Mariam Mehdi Meriem Mohammed Moussa Nabil Nassim Ousmane Rachid
    Rayan Salif Samir Samira Seydou Sofiane Souleymane Yacine Yanis Yasmine Youssef Zineb
    Agnieszka Andrei Bogdan Dmitri Elena Ioana Irina Ivan Katarzyna Mihai Natalia Oksana Olga
    Piotr Sergei Svetlana Tatiana Vasile Anh Hoa Huong Linh Minh Thanh Tuan Wei Hiroshi Yuki
    Brieuc Erwan Gwenaëlle Gwendal Katell Loïc Maëlle Nolwenn Ronan Soizic Tanguy Yann
    Ainhoa Amaia Beñat Eneko Iñaki Maite Peio Xabi António João Joaquim José Manuel Rui
    """
)

# Given in France since the 1990s, of every origin, and the short forms people sign with: a
# larger list, but trusted only where the context already says a name follows ("ma fille
# lilou", "c'est samy", "Bonne journée, Soizig", "Pierre et Marie"), never to make a name of
# a capitalised word on its own.
CONTEXT_FIRST_NAMES = FIRST_NAMES | word_set(
    """
    Aaron Abel Adèle Adrian Agathe Ahmad Aïda Alba Albane Aldric Alexia Alexis Alicia Alix
    Aliya Alois Aloïs Ambre Amir Amine Amaury Anaé Anaëlle Andréa Angèle Angelo Anis
    Anna Annabelle Anouk Antonin Apolline Armand Arnaud Arsène Ashley Assa Astrid Aubin Augustin
    Aurore Axel Axelle Ayoub Aylan Aymane Aymen Baptiste Basile Bastien Béatrice Benoit
    Bérénice Bertrand Blanche Brandon Bryan Calvin Candice Capucine Cassandra Célia Célestin
    Célestine Chahine Charlie Charly Chiara Clara Clarisse Clémence Clément Cléo Cloé Coline
    Colin Corentin Cyprien Daphné Dario Dayan Diane Diego Djamel Dounia Eden Edgar Edouard
    Édouard Eléa Éléa Eléonore Eliane Élie Eliott Elisa Élisa Élise Eloïse Éloïse Elouan
    Elsa Emeline Émile Émilie Emilien Emilio Emmy Enora Erwann Esteban Ethan Eva Evan Ewen
    Fanny Faustine Félix Flavie Flavien Flora Florent Gabin Gabrielle Gaël Gaëtan Garance
    Gaspard Gauthier Gilian Giulia Gloria Grégoire Grégory Gustave Gwen Gwenn Hanaé Hanna
    Hannah Héloïse Hortense Ilan Ilana Ilyas Inaya Isaac Isis Ismaël Jason Jawad Jennifer
    Jessica Joachim Johan Jordan Joséphine Josette Jules Julia Julian Juliane Justin Justine
    Kais Kaïs Kelly Kenza Kenzo Kilian Killian Kylian Kyllian Laly Lana Laure Laurine Léane
    Léandre Léana Léna Lenny Léonie Léonard Léopold Liam Lila Lili Lilian Lilou Lily
    Lina Lisa Livia Lola Loane Lorenzo Lou Louane Louisa Louison Luca Lucile Lucille
    Ludivine Luna Lyam Lyna Lysandre Maël Maëlle Maëlys Maïa Maïwenn Malak Malo Mahé Maé
    Maelle Mael Maeva Maëva Margot Marius Marwa Marwan Mathéo Matheo Mathis Mathys Mattéo Max
    Maxence Maya Médhi Mélanie Mélina Mélissa Mélodie Mia Mila Milan Milo Mina Morgane Myriam
    Naël Naëlle Naïm Naïla Nahel Nathanaël Nawel Neïla Nina Noa Noah Noam Noé Noémi Nolan
    Norah Nour Oscar Paloma Pauline Perrine Quitterie Rafael Raphaëlle Rémy Robin Romane Romy
    Rosalie Ruben Sacha Salomé Sami Samy Sana Sasha Selma Séverine Sidonie Simon Sixtine
    Soan Sofia Solal Solène Soline Soizig Stella Swann Syrine Tao Téo Tess Théa Théodore
    Thibault Thibaut Timéo Timothée Tiphaine Titouan Tom Tristan Ugo Valentin Valentine
    Victoire Victoria Vincianne Wassim Wiktoria Willy Yaël Yanis Yann Yassine Yasmina Youna
    Yohan Younes Ysée Yuna Zacharie Zélie Zoé Zyad
    Abdelkader Abdou Adama Adjoa Ahmadou Aïssa Alassane Aliou Aminata Assane Astou Ayoub
    Bakary Bineta Boubacar Bouchra Cheick Dieynaba Djeneba Fatim Fodé Habib Hawa Houda
    Issa Kadidia Kady Khadidja Lalla Mariama Mamadi Mody Nabou Ndeye Oumar Oumou Rokia Safiatou
    Samba Sekou Sidi Siaka Sokhna Yaya Abdelaziz Abdelhak Ahlam Amal Amel Asma Aziz Bachir
    Badr Chaïma Djamila Farah Fatiha Hafsa Hakim Hamid Hind Ibtissam Ilham Jamel Kamel Karim
    Khalid Lamia Latifa Lyes Mounir Mustapha Nadir Nassima Naïma Nora Ouarda Rachida Radia
    Redouane Saïd Salim Salma Samia Sarra Sofia Souad Sonia Tarek Walid Wassila Yasmine
    Yassin Yousra Zakaria Zohra Zoubida
    Alina Anastasia Aleksandra Ana Andrzej Daria Darya Dorota Ekaterina Ewa Galina Igor Ilona
    Iwona Jelena Kasia Larisa Lioudmila Ludmila Magda Marek Milena Nadia Nikola Nikita Olena
    Pavel Radu Sorin Stefan Tomasz Vlad Yulia Zofia
    Bao Chen Duc Hai Hiroko Hung Jun Kenji Kim Lan Ling Mai Ming Nam Phuong Quang Sakura
    Tam Trang Tuan Xin Yan Yumi
    Anaïk Armelle Corentine Erell Goulven Gwenola Klervi Maiwenn Morgan Tugdual Yannig
    Aitor Ane Garazi Gorka Iker Itziar Jon Julen Maddi Mikel Unai Xabier Ximun
    Ana Beatriz Carla Catarina Diogo Duarte Fernanda Inês Joana Leonor Luís Mariana Nuno Tiago
    Momo Jojo Mimi Lulu Fifi Nono Titi Dédé Jeannot Loulou
    """
)
